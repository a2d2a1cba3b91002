// CaseListModel: "Mina ärenden" — the family therapist's cases by pseudonymous code, built from the own
// records: the case record (familjearende, decision 0072) says when the case started and whether and why
// it was closed; the sessions (familjebehandling) say how many and when the last was. Open cases first,
// the most recently active on top. Filled from the Session's listing; it never touches the store.
#pragma once

#include "faltlogg/core/forms.hpp"
#include "store/local_store.hpp"

#include <QAbstractListModel>
#include <QDateTime>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace faltlogg::client {

class CaseListModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("Owned by the Session")
  Q_PROPERTY(int count READ count NOTIFY countChanged)

 public:
  enum Role {
    CaseCodeRole = Qt::UserRole + 1,
    CaseRecordIdRole,  // "" when sessions name the code but no case record was started on this tablet
    StatusRole,        // "open", "closed" or "no_record"
    StatusTextRole,    // in the UI language, with the closing reason when closed
    SessionCountRole,
    LastSessionRole,   // "2026-11-22" (local date) or ""
    StartedRole,       // the case record's start date or ""
  };
  Q_ENUM(Role)

  explicit CaseListModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  void setRecords(const std::vector<StoredRecord>& records, const core::FormRegistry* forms);
  void setEnglish(bool english);
  int count() const { return rowCount(); }
  Q_INVOKABLE QVariantMap get(int row) const;
  Q_INVOKABLE int rowOf(const QString& caseCode) const;

 signals:
  void countChanged();

 private:
  struct Case {
    QString code;
    QString recordId;
    QDateTime started;
    QDateTime lastSession;
    int sessions = 0;
    bool closed = false;
    QString reasonSv;
    QString reasonEn;
  };
  QString statusText(const Case& c) const;

  std::vector<Case> cases_;
  bool english_ = false;
};

}  // namespace faltlogg::client
