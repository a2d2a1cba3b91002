#include "models/record_list_model.hpp"
#include "models/model_row_map.hpp"

#include "faltlogg/core/time.hpp"
#include "models/draft_values.hpp"
#include "models/record_summary.hpp"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

namespace faltlogg::client {

RecordListModel::RecordListModel(QObject* parent) : QAbstractListModel(parent) {}

int RecordListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

namespace {

QString sectionLabel(int section) {
  switch (section) {
    case 0: return QCoreApplication::translate("RecordListModel", "Idag");
    case 1: return QCoreApplication::translate("RecordListModel", "Denna vecka");
    default: return QCoreApplication::translate("RecordListModel", "Tidigare");
  }
}

QString syncState(SyncMark mark) {
  switch (mark) {
    case SyncMark::clean: return QStringLiteral("synced");
    case SyncMark::dirty: return QStringLiteral("waiting");
    case SyncMark::needsCorrection: return QStringLiteral("needs_correction");
    case SyncMark::unreadable: return QStringLiteral("unreadable");
  }
  return {};
}

QDateTime localTimeOf(const std::string& rfc3339) {
  const auto ms = core::parse_rfc3339(rfc3339);
  return ms ? QDateTime::fromMSecsSinceEpoch(*ms).toLocalTime() : QDateTime{};
}

QString rejectionText(const StoredRecord& stored, bool english) {
  if (!stored.rejection) return {};
  const auto& problem = *stored.rejection;
  QStringList lines;
  for (const auto& error : problem.errors) lines << qs(english ? error.message_en : error.message_sv);
  if (lines.isEmpty()) lines << qs(problem.detail.empty() ? problem.title : problem.detail);
  return lines.join(QLatin1Char('\n'));
}

}  // namespace

RecordListModel::Section RecordListModel::sectionOf(const core::Record& record) const {
  // Compared as instants against today's and Monday's local midnight (computed once per rebuild), so a
  // list of thousands needs no time-zone conversion per row.
  const auto ms = core::parse_rfc3339(record.occurred_at);
  if (!ms) return Section::earlier;
  if (*ms >= todayStartMs_ && *ms < tomorrowStartMs_) return Section::today;
  return *ms >= mondayStartMs_ && *ms < todayStartMs_ ? Section::week : Section::earlier;
}

void RecordListModel::computeDayBounds() {
  const QDate today = now_.toLocalTime().date();
  // Swedish weeks start on Monday.
  const QDate monday = today.addDays(1 - today.dayOfWeek());
  todayStartMs_ = today.startOfDay().toMSecsSinceEpoch();
  tomorrowStartMs_ = today.addDays(1).startOfDay().toMSecsSinceEpoch();
  mondayStartMs_ = monday.startOfDay().toMSecsSinceEpoch();
}

QVariant RecordListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const auto& row = rows_[std::size_t(index.row())];
  const auto& stored = storedAt(row);
  const auto& record = stored.record;
  const auto* form = forms_ != nullptr ? forms_->find(record.form_id, record.form_version) : nullptr;
  switch (role) {
    case RecordIdRole: return qs(record.id);
    case FormIdRole: return qs(record.form_id);
    case FormTitleRole: return form != nullptr ? localized(form->title_sv, form->title_en, english_) : qs(record.form_id);
    case Qt::DisplayRole:
    case SummaryRole: return recordSummary(form, record, english_);
    case OccurredAtRole: {
      const QLocale locale(english_ ? QLocale::English : QLocale::Swedish, english_ ? QLocale::UnitedKingdom : QLocale::Sweden);
      const QDateTime at = localTimeOf(record.occurred_at);
      return locale.toString(at, QStringLiteral("HH:mm"));
    }
    case OccurredDayRole: {
      if (row.section == Section::today) return QString{};
      const QLocale locale(english_ ? QLocale::English : QLocale::Swedish, english_ ? QLocale::UnitedKingdom : QLocale::Sweden);
      return locale.toString(localTimeOf(record.occurred_at).date(), QStringLiteral("ddd d MMM"));
    }
    case SectionRole: return sectionLabel(static_cast<int>(row.section));
    case SyncStateRole: return syncState(stored.mark);
    case RejectionRole: return rejectionText(stored, english_);
    case ReviewStateRole: return stored.reviews.empty() ? QString{} : qs(stored.reviews.back().state);
    case ReviewCommentRole: return stored.reviews.empty() ? QString{} : qs(stored.reviews.back().comment);
    default: return {};
  }
}

QHash<int, QByteArray> RecordListModel::roleNames() const {
  return {{RecordIdRole, "recordId"},       {FormIdRole, "formId"},         {FormTitleRole, "formTitle"},
          {SummaryRole, "summary"},         {OccurredAtRole, "occurredAt"},
          {OccurredDayRole, "occurredDay"}, {SectionRole, "section"},
          {SyncStateRole, "syncState"},     {RejectionRole, "rejection"},   {ReviewStateRole, "reviewState"},
          {ReviewCommentRole, "reviewComment"}};
}

void RecordListModel::setRecords(std::vector<StoredRecord> records, const core::FormRegistry* forms,
                                 const QDateTime& now) {
  all_ = std::move(records);
  forms_ = forms;
  now_ = now;
  rebuild();
}

void RecordListModel::setEnglish(bool english) {
  if (english_ == english) return;
  english_ = english;
  if (!rows_.empty()) emit dataChanged(index(0), index(rowCount() - 1));
}

void RecordListModel::setHiddenId(const std::string& id) {
  if (hiddenId_ == id) return;
  hiddenId_ = id;
  rebuild();
}

void RecordListModel::rebuild() {
  computeDayBounds();
  beginResetModel();
  rows_.clear();
  rows_.reserve(all_.size());
  for (std::size_t i = 0; i < all_.size(); ++i) {
    const auto& stored = all_[i];
    if (stored.record.deleted || stored.record.id == hiddenId_) continue;
    rows_.push_back({i, sectionOf(stored.record)});
  }
  // occurred_at is UTC RFC 3339 with fixed width, so text order is time order.
  std::stable_sort(rows_.begin(), rows_.end(), [this](const Row& a, const Row& b) {
    return storedAt(a).record.occurred_at > storedAt(b).record.occurred_at;
  });
  endResetModel();
  emit countChanged();
}

int RecordListModel::todayCount() const {
  return int(std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return r.section == Section::today; }));
}

int RecordListModel::weekCount() const {
  return int(std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return r.section != Section::earlier; }));
}

int RecordListModel::rowOf(const QString& recordId) const {
  const std::string id = recordId.toStdString();
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    if (storedAt(rows_[i]).record.id == id) return int(i);
  }
  return -1;
}

}  // namespace faltlogg::client

namespace faltlogg::client {

QVariantMap RecordListModel::get(int row) const {
  return modelRowAsMap(*this, row);
}

}  // namespace faltlogg::client
