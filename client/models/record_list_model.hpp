// RecordListModel: the author's own records for the home list, newest first, in sections
// (today / this week / earlier), each with its sync mark, the server's rejection reason and the latest
// team-lead review. Filled from LocalStore listings; it never touches the store itself.
#pragma once

#include "faltlogg/core/forms.hpp"
#include "store/local_store.hpp"

#include <QAbstractListModel>
#include <QDateTime>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace faltlogg::client {

class RecordListModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("Owned by the Session")
  Q_PROPERTY(int count READ count NOTIFY countChanged)
  Q_PROPERTY(int todayCount READ todayCount NOTIFY countChanged)
  Q_PROPERTY(int weekCount READ weekCount NOTIFY countChanged)

 public:
  enum Role {
    RecordIdRole = Qt::UserRole + 1,
    FormIdRole,
    FormTitleRole,
    SummaryRole,
    OccurredAtRole,
    OccurredDayRole,
    SectionRole,
    SyncStateRole,
    RejectionRole,
    ReviewStateRole,
    ReviewCommentRole,
  };
  Q_ENUM(Role)

  explicit RecordListModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  // Replaces the rows; `now` decides what "today" and "this week" are (injectable for tests).
  void setRecords(std::vector<StoredRecord> records, const core::FormRegistry* forms, const QDateTime& now);
  void setEnglish(bool english);
  // Hides a row while its deletion can still be undone.
  void setHiddenId(const std::string& id);

  int count() const { return rowCount(); }
  int todayCount() const;
  int weekCount() const;
  Q_INVOKABLE int rowOf(const QString& recordId) const;
  // Every role of one row by role name, for pages that act on a row outside a delegate.
  Q_INVOKABLE QVariantMap get(int row) const;

 signals:
  void countChanged();

 private:
  enum class Section { today, week, earlier };
  // An index into all_ (no copy of the record: a list of thousands is rebuilt on the UI thread).
  struct Row {
    std::size_t index;
    Section section;
  };
  const StoredRecord& storedAt(const Row& row) const { return all_[row.index]; }
  void rebuild();
  Section sectionOf(const core::Record& record) const;
  void computeDayBounds();

  std::vector<StoredRecord> all_;
  std::vector<Row> rows_;
  const core::FormRegistry* forms_ = nullptr;
  QDateTime now_;
  qint64 todayStartMs_ = 0;
  qint64 tomorrowStartMs_ = 0;
  qint64 mondayStartMs_ = 0;
  std::string hiddenId_;
  bool english_ = false;
};

}  // namespace faltlogg::client
