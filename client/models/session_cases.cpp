// "Mina ärenden" (issue 16): a session is logged against a case by picking it, and a case is closed with a
// reason, both through the same drafts and saving path as every other record.
#include "models/session.hpp"

namespace faltlogg::client {

RecordDraft* Session::newSessionForCase(const QString& caseCode) {
  RecordDraft* draft = newDraft(QStringLiteral("familjebehandling"));
  if (draft != nullptr) draft->setText(QStringLiteral("case_code"), caseCode);
  return draft;
}

QString Session::closeCase(const QString& caseRecordId, const QString& reason) {
  RecordDraft* draft = editDraft(caseRecordId);
  if (draft == nullptr || draft->formId() != QLatin1String("familjearende")) {
    discardDraft();
    return tr("Ärendet finns inte på den här plattan. Synka och försök igen.");
  }
  draft->setDateTime(QStringLiteral("slutdatum"), QDateTime::fromMSecsSinceEpoch(options_.clock()));
  draft->chooseOption(QStringLiteral("avslutsorsak"), reason);
  const bool saved = draft->save();
  const QString problem = saved ? QString() : draft->saveError();
  discardDraft();
  if (!saved) return problem.isEmpty() ? tr("Välj en avslutsorsak.") : problem;
  return {};
}

}  // namespace faltlogg::client
