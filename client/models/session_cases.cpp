// "Mina ärenden" (issue 16): a session is logged against a case by picking it, and a case is closed with a
// reason, both through the same drafts and saving path as every other record.
#include "models/session.hpp"

#include "faltlogg/core/time.hpp"

namespace faltlogg::client {

RecordDraft* Session::newSessionForCase(const QString& caseCode) {
  RecordDraft* draft = newDraft(QStringLiteral("familjebehandling"));
  if (draft != nullptr) draft->setText(QStringLiteral("case_code"), caseCode);
  return draft;
}

QString Session::closeCase(const QString& caseRecordId, const QString& reason, const QDateTime& endedAt) {
  RecordDraft* draft = editDraft(caseRecordId);
  if (draft == nullptr || draft->formId() != QLatin1String("familjearende")) {
    discardDraft();
    return tr("Ärendet finns inte på den här plattan. Synka och försök igen.");
  }
  QDateTime end = endedAt.isValid() ? endedAt : QDateTime::fromMSecsSinceEpoch(options_.clock());
  // The server counts weeks from start to end and refuses an end before the start: a day before the start
  // is the user's mistake to fix; the start day itself is fine at any time (the case ended that day).
  const auto* started = draft->valueOf("occurred_at");
  const auto start = started != nullptr && started->is_string() ? core::parse_rfc3339(started->get_string())
                                                                 : std::optional<core::Millis>{};
  if (start && end.toMSecsSinceEpoch() < *start) {
    const QDateTime startTime = QDateTime::fromMSecsSinceEpoch(*start);
    if (end.toLocalTime().date() < startTime.toLocalTime().date()) {
      discardDraft();
      return tr("Slutdatum kan inte vara före startdatum. Välj en senare dag.");
    }
    end = startTime;
  }
  draft->setDateTime(QStringLiteral("slutdatum"), end);
  draft->chooseOption(QStringLiteral("avslutsorsak"), reason);
  const bool saved = draft->save();
  const QString problem = saved ? QString() : draft->saveError();
  discardDraft();
  if (!saved) return problem.isEmpty() ? tr("Välj en avslutsorsak.") : problem;
  return {};
}

}  // namespace faltlogg::client
