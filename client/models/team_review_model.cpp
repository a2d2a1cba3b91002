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

// The author's display name from the server; an older server only names the user id, and a short form of
// it is still enough to tell the team's members apart.
QString authorLabel(const TeamRecord& row) {
  if (!row.authorName.empty()) return qs(row.authorName);
  const QString id = qs(row.authorId);
  return core::is_uuid_v4(row.authorId) ? id.left(8) + QStringLiteral("…") : id;
}

}  // namespace

QVariant TeamReviewModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const auto& row = rows_[std::size_t(index.row())];
  const auto* form = forms_ != nullptr ? forms_->find(row.record.form_id, row.record.form_version) : nullptr;
  switch (role) {
    case RecordIdRole: return qs(row.record.id);
    case AuthorRole: return authorLabel(row);
    case SectionRole: return sectionOf(row);
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

QString TeamReviewModel::sectionOf(const TeamRecord& row) const {
  const int week = localTimeOf(row.record.occurred_at).date().weekNumber();
  return tr("%1 · vecka %2").arg(authorLabel(row)).arg(week);
}

int TeamReviewModel::unapprovedIn(const QString& section) const {
  return int(std::count_if(rows_.begin(), rows_.end(), [&](const TeamRecord& row) {
    return row.reviewState != "approved" && sectionOf(row) == section;
  }));
}

int TeamReviewModel::unapprovedBy(const QString& author) const {
  return int(std::count_if(rows_.begin(), rows_.end(), [&](const TeamRecord& row) {
    return row.reviewState != "approved" && authorLabel(row) == author;
  }));
}

int TeamReviewModel::approveSection(const QString& section) {
  return approveWhere([&](const TeamRecord& row) { return sectionOf(row) == section; });
}

int TeamReviewModel::approveAuthor(const QString& author) {
  return approveWhere([&](const TeamRecord& row) { return authorLabel(row) == author; });
}

int TeamReviewModel::approveWhere(const std::function<bool(const TeamRecord&)>& wanted) {
  if (!source_ || loading_) return 0;
  std::vector<std::string> ids;
  for (const auto& row : rows_) {
    if (row.reviewState != "approved" && wanted(row)) ids.push_back(row.record.id);
  }
  if (ids.empty()) return 0;
  const int asked = int(ids.size());
  setLoading(true);
  source_->submitMany(std::move(ids), "approved", {}, [this, asked](core::Result<std::vector<std::string>> done) {
    setLoading(false);
    if (!done) {
      setError(reviewProblemText(done.problem()));
      return;
    }
    for (const auto& id : done.value()) markReviewed(id, "approved", {});
    const int refused = asked - int(done->size());
    if (refused == 1) {
      setError(tr("1 registrering kunde inte godkännas (den finns inte längre eller är inte teamets)."));
    } else if (refused > 1) {
      setError(tr("%1 registreringar kunde inte godkännas (de finns inte längre eller är inte teamets).").arg(refused));
    } else {
      setError({});
    }
    emit bulkApproved(int(done->size()));
  });
  return asked;
}

void TeamReviewModel::markReviewed(const std::string& id, const std::string& state, const std::string& comment) {
  for (std::size_t row = 0; row < rows_.size(); ++row) {
    if (rows_[row].record.id != id) continue;
    rows_[row].reviewState = state;
    rows_[row].reviewComment = comment;
    emit dataChanged(index(int(row)), index(int(row)), {ReviewStateRole, ReviewCommentRole});
  }
  ++revision_;
  emit revisionChanged();
}

QVariantMap TeamReviewModel::detail(const QString& recordId) const {
  const std::string id = recordId.toStdString();
  const auto it = std::find_if(rows_.begin(), rows_.end(), [&](const TeamRecord& row) { return row.record.id == id; });
  if (it == rows_.end()) return {};
  const auto* form = forms_ != nullptr ? forms_->find(it->record.form_id, it->record.form_version) : nullptr;
  static const ReferenceLists kNone;
  return {{"recordId", recordId},
          {"author", authorLabel(*it)},
          {"title", form != nullptr ? localized(form->title_sv, form->title_en, english_) : qs(it->record.form_id)},
          {"summary", recordSummary(form, it->record, english_)},
          {"rows", recordFieldRows(form, it->record, english_, references_ != nullptr ? *references_ : kNone)},
          {"reviewState", qs(it->reviewState)},
          {"reviewComment", qs(it->reviewComment)}};
}

// The server's problem in the user's words: its own texts are English and meant for developers.
QString TeamReviewModel::reviewProblemText(const core::Problem& problem) const {
  if (problem.status == 0) return tr("Kunde inte nå servern. Kontrollera att du har nät och försök igen.");
  if (problem.status == 401) return tr("Inloggningen har gått ut. Lås appen och lås upp den igen, eller logga in på nytt.");
  if (problem.status == 403) return tr("Du får bara granska ditt eget teams registreringar.");
  if (problem.status == 404) return tr("Registreringen finns inte längre på servern. Ladda om listan.");
  return tr("Servern kunde inte ta emot granskningen just nu. Försök igen om en stund.");
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
      setError(reviewProblemText(list.problem()));
      return;
    }
    setError({});
    auto rows = std::move(list.value());
    // Grouped by member, newest first within each member (sections need neighbours together).
    std::stable_sort(rows.begin(), rows.end(), [](const TeamRecord& a, const TeamRecord& b) {
      if (a.authorName != b.authorName) return a.authorName < b.authorName;
      if (a.authorId != b.authorId) return a.authorId < b.authorId;
      return a.record.occurred_at > b.record.occurred_at;
    });
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
    emit countChanged();
    ++revision_;
    emit revisionChanged();
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
                      setError(reviewProblemText(status.problem()));
                      return;
                    }
                    setError({});
                    markReviewed(recordId.toStdString(), state, comment.toStdString());
                    emit reviewed(recordId, qs(state));
                  });
}

QVariantMap TeamReviewModel::get(int row) const {
  return modelRowAsMap(*this, row);
}

}  // namespace faltlogg::client
