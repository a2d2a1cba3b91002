#include "models/team_review_model.hpp"
#include "models/model_row_map.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"
#include "models/draft_values.hpp"
#include "models/record_summary.hpp"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace faltlogg::client {

TeamReviewModel::TeamReviewModel(QObject* parent) : QAbstractListModel(parent) {}
TeamReviewModel::~TeamReviewModel() = default;

int TeamReviewModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

namespace {

QDateTime localTimeOf(const std::string& rfc3339) {
  const auto ms = core::parse_rfc3339(rfc3339);
  return ms ? QDateTime::fromMSecsSinceEpoch(*ms).toLocalTime() : QDateTime{};
}

// The server names authors by user id; a short form is enough to tell the team's members apart.
QString authorLabel(const std::string& authorId) {
  const QString id = qs(authorId);
  return core::is_uuid_v4(authorId) ? id.left(8) + QStringLiteral("…") : id;
}

}  // namespace

QVariant TeamReviewModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const auto& row = rows_[std::size_t(index.row())];
  const auto* form = forms_ != nullptr ? forms_->find(row.record.form_id, row.record.form_version) : nullptr;
  switch (role) {
    case RecordIdRole: return qs(row.record.id);
    case AuthorRole: return authorLabel(row.authorId);
    case SectionRole: {
      const int week = localTimeOf(row.record.occurred_at).date().weekNumber();
      return tr("%1 · vecka %2").arg(authorLabel(row.authorId)).arg(week);
    }
    case FormTitleRole: return form != nullptr ? localized(form->title_sv, form->title_en, english_) : qs(row.record.form_id);
    case Qt::DisplayRole:
    case SummaryRole: return recordSummary(form, row.record, english_);
    case OccurredAtRole: {
      const QLocale locale(english_ ? QLocale::English : QLocale::Swedish, english_ ? QLocale::UnitedKingdom : QLocale::Sweden);
      return locale.toString(localTimeOf(row.record.occurred_at), QStringLiteral("ddd d MMM HH:mm"));
    }
    case ReviewStateRole: return qs(row.reviewState);
    case ReviewCommentRole: return qs(row.reviewComment);
    default: return {};
  }
}

QHash<int, QByteArray> TeamReviewModel::roleNames() const {
  return {{RecordIdRole, "recordId"},   {AuthorRole, "author"},           {SectionRole, "section"},
          {FormTitleRole, "formTitle"}, {SummaryRole, "summary"},         {OccurredAtRole, "occurredAt"},
          {ReviewStateRole, "reviewState"}, {ReviewCommentRole, "reviewComment"}};
}

void TeamReviewModel::setSource(std::unique_ptr<ReviewSource> source, const core::FormRegistry* forms) {
  source_ = std::move(source);
  forms_ = forms;
  beginResetModel();
  rows_.clear();
  endResetModel();
  emit countChanged();
}

void TeamReviewModel::setEnglish(bool english) {
  if (english_ == english) return;
  english_ = english;
  if (!rows_.empty()) emit dataChanged(index(0), index(rowCount() - 1));
}

void TeamReviewModel::setStateFilter(const QString& filter) {
  static const QStringList known{QString(), QStringLiteral("unreviewed"), QStringLiteral("approved"),
                                 QStringLiteral("needs_changes")};
  if (!known.contains(filter) || filter == stateFilter_) return;
  stateFilter_ = filter;
  emit stateFilterChanged();
  reload();
}

void TeamReviewModel::setLoading(bool loading) {
  if (loading_ == loading) return;
  loading_ = loading;
  emit loadingChanged();
}

void TeamReviewModel::setError(const QString& error) {
  if (error_ == error) return;
  error_ = error;
  emit errorChanged();
}

void TeamReviewModel::reload() {
  if (!source_) {
    setError(tr("Granskning kräver anslutning till servern."));
    return;
  }
  setLoading(true);
  source_->fetch(stateFilter_.toStdString(), [this](core::Result<std::vector<TeamRecord>> list) {
    setLoading(false);
    if (!list) {
      setError(qs(list.problem().detail.empty() ? list.problem().title : list.problem().detail));
      return;
    }
    setError({});
    auto rows = std::move(list.value());
    // Grouped by member, newest first within each member (sections need neighbours together).
    std::stable_sort(rows.begin(), rows.end(), [](const TeamRecord& a, const TeamRecord& b) {
      if (a.authorId != b.authorId) return a.authorId < b.authorId;
      return a.record.occurred_at > b.record.occurred_at;
    });
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
    emit countChanged();
  });
}

void TeamReviewModel::approve(const QString& recordId) { submit(recordId, "approved", {}); }

bool TeamReviewModel::requestChanges(const QString& recordId, const QString& comment) {
  if (comment.trimmed().isEmpty()) {
    setError(tr("Skriv vad som ska ändras."));
    return false;
  }
  submit(recordId, "needs_changes", comment.trimmed());
  return true;
}

void TeamReviewModel::submit(const QString& recordId, const std::string& state, const QString& comment) {
  if (!source_) return;
  setLoading(true);
  source_->submit(recordId.toStdString(), state, comment.toStdString(),
                  [this, recordId, state, comment](core::Status status) {
                    setLoading(false);
                    if (!status) {
                      setError(qs(status.problem().detail.empty() ? status.problem().title : status.problem().detail));
                      return;
                    }
                    setError({});
                    const std::string id = recordId.toStdString();
                    for (std::size_t row = 0; row < rows_.size(); ++row) {
                      if (rows_[row].record.id != id) continue;
                      rows_[row].reviewState = state;
                      rows_[row].reviewComment = comment.toStdString();
                      emit dataChanged(index(int(row)), index(int(row)), {ReviewStateRole, ReviewCommentRole});
                    }
                    emit reviewed(recordId, qs(state));
                  });
}

QVariantMap TeamReviewModel::get(int row) const {
  return modelRowAsMap(*this, row);
}

}  // namespace faltlogg::client
