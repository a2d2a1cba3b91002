#include "models/case_list_model.hpp"

#include <algorithm>
#include <map>

namespace faltlogg::client {

namespace {

constexpr const char* kCaseForm = "familjearende";
constexpr const char* kSessionForm = "familjebehandling";

QString textOf(const boost::json::object& data, std::string_view key) {
  const auto* v = data.if_contains(key);
  return v != nullptr && v->is_string() ? QString::fromStdString(std::string(v->get_string())) : QString();
}

QDateTime timeOf(const std::string& rfc3339) {
  return QDateTime::fromString(QString::fromStdString(rfc3339), Qt::ISODateWithMs).toLocalTime();
}

QString day(const QDateTime& when) { return when.isValid() ? when.date().toString(Qt::ISODate) : QString(); }

}  // namespace

CaseListModel::CaseListModel(QObject* parent) : QAbstractListModel(parent) {}

int CaseListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(cases_.size());
}

QString CaseListModel::statusText(const Case& c) const {
  if (c.recordId.isEmpty()) return english_ ? QStringLiteral("No case record") : QStringLiteral("Ingen ärendepost");
  if (!c.closed) return english_ ? QStringLiteral("Open") : QStringLiteral("Pågående");
  const QString reason = english_ ? c.reasonEn : c.reasonSv;
  const QString closed = english_ ? QStringLiteral("Closed") : QStringLiteral("Avslutat");
  return reason.isEmpty() ? closed : closed + QStringLiteral(": ") + reason;
}

QVariant CaseListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() < 0 || index.row() >= rowCount()) return {};
  const Case& c = cases_[static_cast<std::size_t>(index.row())];
  switch (role) {
    case CaseCodeRole: return c.code;
    case CaseRecordIdRole: return c.recordId;
    case StatusRole:
      return c.recordId.isEmpty() ? QStringLiteral("no_record") : c.closed ? QStringLiteral("closed") : QStringLiteral("open");
    case StatusTextRole: return statusText(c);
    case SessionCountRole: return c.sessions;
    case LastSessionRole: return day(c.lastSession);
    case StartedRole: return day(c.started);
    default: return {};
  }
}

QHash<int, QByteArray> CaseListModel::roleNames() const {
  return {{CaseCodeRole, "caseCode"},       {CaseRecordIdRole, "caseRecordId"}, {StatusRole, "status"},
          {StatusTextRole, "statusText"},   {SessionCountRole, "sessionCount"}, {LastSessionRole, "lastSession"},
          {StartedRole, "started"}};
}

void CaseListModel::setRecords(const std::vector<StoredRecord>& records, const core::FormRegistry* forms) {
  std::map<QString, Case> byCode;
  for (const StoredRecord& stored : records) {
    const core::Record& record = stored.record;
    if (record.deleted || (record.form_id != kCaseForm && record.form_id != kSessionForm)) continue;
    const QString code = textOf(record.data, "case_code");
    if (code.isEmpty()) continue;
    Case& c = byCode[code];
    c.code = code;
    if (record.form_id == kSessionForm) {
      ++c.sessions;
      c.lastSession = std::max(c.lastSession, timeOf(record.occurred_at));
      continue;
    }
    c.recordId = QString::fromStdString(record.id);
    c.started = timeOf(record.occurred_at);
    c.closed = !textOf(record.data, "slutdatum").isEmpty();
    const QString reason = textOf(record.data, "avslutsorsak");
    const auto* form = forms != nullptr ? forms->find(record.form_id, record.form_version) : nullptr;
    const auto* field = form != nullptr ? form->field("avslutsorsak") : nullptr;
    c.reasonSv = c.reasonEn = reason;
    for (const auto& option : field != nullptr ? field->options : std::vector<core::Option>{}) {
      if (QString::fromStdString(option.value) != reason) continue;
      c.reasonSv = QString::fromStdString(option.label_sv);
      c.reasonEn = QString::fromStdString(option.label_en);
    }
  }
  beginResetModel();
  cases_.clear();
  for (auto& [code, c] : byCode) cases_.push_back(std::move(c));
  std::stable_sort(cases_.begin(), cases_.end(), [](const Case& a, const Case& b) {
    if (a.closed != b.closed) return !a.closed;
    return std::max(a.lastSession, a.started) > std::max(b.lastSession, b.started);
  });
  endResetModel();
  emit countChanged();
}

void CaseListModel::setEnglish(bool english) {
  if (english_ == english) return;
  english_ = english;
  if (!cases_.empty()) emit dataChanged(index(0), index(rowCount() - 1), {StatusTextRole});
}

QVariantMap CaseListModel::get(int row) const {
  QVariantMap out;
  if (row < 0 || row >= rowCount()) return out;
  const auto names = roleNames();
  for (auto it = names.begin(); it != names.end(); ++it) out.insert(QString::fromUtf8(it.value()), data(index(row), it.key()));
  return out;
}

int CaseListModel::rowOf(const QString& caseCode) const {
  for (std::size_t i = 0; i < cases_.size(); ++i) {
    if (cases_[i].code == caseCode) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace faltlogg::client
