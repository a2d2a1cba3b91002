// One row of a list model as a role-name → value map, for QML's model.get(row).
#pragma once

#include <QAbstractListModel>
#include <QVariantMap>

namespace faltlogg::client {

inline QVariantMap modelRowAsMap(const QAbstractListModel& model, int row) {
  QVariantMap map;
  if (row < 0 || row >= model.rowCount()) return map;
  const auto names = model.roleNames();
  for (auto it = names.begin(); it != names.end(); ++it) {
    map[QString::fromLatin1(it.value())] = model.data(model.index(row), it.key());
  }
  return map;
}

}  // namespace faltlogg::client
