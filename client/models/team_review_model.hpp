// TeamReviewModel: the team lead's view of the team's synced records, grouped by member and week,
// filtered by review state, with approve / needs-changes decisions sent to the server.
#pragma once

#include "faltlogg/core/forms.hpp"
#include "models/record_summary.hpp"
#include "models/review_source.hpp"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <memory>

namespace faltlogg::client {

class TeamReviewModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("Owned by the Session")
  Q_PROPERTY(QString stateFilter READ stateFilter WRITE setStateFilter NOTIFY stateFilterChanged)
  Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
  Q_PROPERTY(QString error READ error NOTIFY errorChanged)
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  // Bumped on every change of the rows, so QML bindings over the invokables above re-evaluate.
  Q_PROPERTY(int revision READ revision NOTIFY revisionChanged)

 public:
  enum Role {
    RecordIdRole = Qt::UserRole + 1,
    AuthorRole,
    SectionRole,
    FormTitleRole,
    SummaryRole,
    OccurredAtRole,
    ReviewStateRole,
    ReviewCommentRole,
  };
  Q_ENUM(Role)

  explicit TeamReviewModel(QObject* parent = nullptr);
  ~TeamReviewModel() override;

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  void setSource(std::unique_ptr<ReviewSource> source, const core::FormRegistry* forms);
  void setEnglish(bool english);
  QString stateFilter() const { return stateFilter_; }
  void setStateFilter(const QString& filter);
  bool loading() const { return loading_; }
  QString error() const { return error_; }
  int count() const { return rowCount(); }
  int revision() const { return revision_; }

  Q_INVOKABLE void reload();
  Q_INVOKABLE void approve(const QString& recordId);
  // A request for changes must say what to change: an empty comment is refused here.
  Q_INVOKABLE bool requestChanges(const QString& recordId, const QString& comment);
  Q_INVOKABLE QVariantMap get(int row) const;
  // One action for a member's week (a section) or all of a member's records: every listed record not yet
  // approved, in one bulk call. Returns how many were sent.
  Q_INVOKABLE int approveSection(const QString& section);
  Q_INVOKABLE int approveAuthor(const QString& author);
  Q_INVOKABLE int unapprovedIn(const QString& section) const;
  Q_INVOKABLE int unapprovedBy(const QString& author) const;
  // The whole record (every field) of a listed row, for reading before deciding.
  Q_INVOKABLE QVariantMap detail(const QString& recordId) const;
  void setReferences(const ReferenceLists* references) { references_ = references; }

 signals:
  void bulkApproved(int count);
  void stateFilterChanged();
  void loadingChanged();
  void errorChanged();
  void countChanged();
  void revisionChanged();
  void reviewed(const QString& recordId, const QString& state);

 private:
  void submit(const QString& recordId, const std::string& state, const QString& comment);
  QString sectionOf(const TeamRecord& row) const;
  int approveWhere(const std::function<bool(const TeamRecord&)>& wanted);
  void markReviewed(const std::string& id, const std::string& state, const std::string& comment);
  QString reviewProblemText(const core::Problem& problem) const;
  void setLoading(bool loading);
  void setError(const QString& error);

  std::unique_ptr<ReviewSource> source_;
  const core::FormRegistry* forms_ = nullptr;
  const ReferenceLists* references_ = nullptr;
  std::vector<TeamRecord> rows_;
  QString stateFilter_;
  QString error_;
  bool loading_ = false;
  bool english_ = false;
  int revision_ = 0;
};

}  // namespace faltlogg::client
