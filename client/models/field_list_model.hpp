// FieldListModel: one row per field the form page shows (RecordDraft::shownFields), in the pack's order.
// QML picks a delegate by the `type` role; everything a delegate shows (labels, options, grid, error) is a
// role, so the pages never look inside a form definition or a record.
#pragma once

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace faltlogg::client {

class RecordDraft;

class FieldListModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("Owned by a RecordDraft")

 public:
  enum Role {
    FieldIdRole = Qt::UserRole + 1,
    TypeRole,
    LabelRole,
    HelpRole,
    RequiredRole,
    ValueRole,
    DisplayValueRole,
    OptionsRole,
    RowsRole,
    ColumnsRole,
    TotalRole,
    PresetsRole,
    MinimumRole,
    MaximumRole,
    MaxLengthRole,
    ErrorRole,
    PrefilledRole,
  };
  Q_ENUM(Role)

  explicit FieldListModel(RecordDraft* draft);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  void refreshAll();
  void refreshErrors();

 private:
  RecordDraft* draft_;
};

}  // namespace faltlogg::client
