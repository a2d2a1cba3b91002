#include "models/draft_values.hpp"

#include <boost/json.hpp>

#include <QStringList>

#include <algorithm>

namespace faltlogg::client {

namespace json = boost::json;

QString localized(const std::string& sv, const std::string& en, bool english) {
  return qs(english && !en.empty() ? en : sv);
}

namespace {

bool arrayContains(const json::value* array, std::string_view item) {
  if (array == nullptr || !array->is_array()) return false;
  const auto& items = array->get_array();
  return std::any_of(items.begin(), items.end(),
                     [&](const json::value& v) { return v.is_string() && v.get_string() == item; });
}

bool isSelected(const json::value* selected, const std::string& value) {
  if (selected == nullptr) return false;
  if (selected->is_string()) return selected->get_string() == value;
  return arrayContains(selected, value);
}

}  // namespace

QVariant toQmlValue(const core::FieldDef& field, const json::value* value) {
  if (value == nullptr || value->is_null()) {
    if (field.type == core::FieldType::multi) return QStringList{};
    return {};
  }
  switch (field.type) {
    case core::FieldType::integer:
      return value->is_int64() ? QVariant(static_cast<qlonglong>(value->get_int64())) : QVariant{};
    case core::FieldType::boolean:
      return value->is_bool() ? QVariant(value->get_bool()) : QVariant{};
    case core::FieldType::multi: {
      QStringList list;
      if (value->is_array()) {
        for (const auto& item : value->get_array()) {
          if (item.is_string()) list << QString::fromUtf8(item.get_string().data(), int(item.get_string().size()));
        }
      }
      return list;
    }
    case core::FieldType::count_grid: {
      QVariantList rows;
      for (const auto& row : field.rows) {
        QVariantList cells;
        for (const auto& column : field.columns) cells << QVariant::fromValue(gridCell(value, row.value, column.value));
        rows << QVariant(cells);
      }
      return rows;
    }
    default:
      return value->is_string()
                 ? QVariant(QString::fromUtf8(value->get_string().data(), int(value->get_string().size())))
                 : QVariant{};
  }
}

QVariantList optionList(const std::vector<core::Option>& options, const json::value* selected, bool english) {
  QVariantList list;
  for (const auto& option : options) {
    list << QVariantMap{{"value", qs(option.value)},
                        {"label", localized(option.label_sv, option.label_en, english)},
                        {"selected", isSelected(selected, option.value)},
                        {"exclusive", option.exclusive}};
  }
  return list;
}

json::object emptyGrid(const core::FieldDef& field) {
  json::object grid;
  for (const auto& row : field.rows) {
    json::object cells;
    for (const auto& column : field.columns) cells[column.value] = 0;
    grid[row.value] = std::move(cells);
  }
  return grid;
}

std::int64_t gridCell(const json::value* grid, const std::string& row, const std::string& column) {
  if (grid == nullptr || !grid->is_object()) return 0;
  const auto* cells = grid->get_object().if_contains(row);
  if (cells == nullptr || !cells->is_object()) return 0;
  const auto* cell = cells->get_object().if_contains(column);
  return cell != nullptr && cell->is_int64() ? cell->get_int64() : 0;
}

std::int64_t gridTotal(const json::value* grid) {
  if (grid == nullptr || !grid->is_object()) return 0;
  std::int64_t total = 0;
  for (const auto& row : grid->get_object()) {
    if (!row.value().is_object()) continue;
    for (const auto& cell : row.value().get_object()) {
      if (cell.value().is_int64()) total += cell.value().get_int64();
    }
  }
  return total;
}

json::array toggledSelection(const core::FieldDef& field, const json::value* current, const std::string& value) {
  const auto* option = [&]() -> const core::Option* {
    for (const auto& o : field.options) {
      if (o.value == value) return &o;
    }
    return nullptr;
  }();
  json::array result;
  if (option == nullptr) {
    if (current != nullptr && current->is_array()) result = current->get_array();
    return result;
  }
  const bool wasSelected = arrayContains(current, value);
  // Keep the order of the pack so the stored record does not depend on tap order.
  for (const auto& o : field.options) {
    bool keep = o.value == value ? !wasSelected : arrayContains(current, o.value);
    if (o.value != value && keep && !wasSelected && (option->exclusive || o.exclusive)) keep = false;
    if (keep) result.emplace_back(o.value);
  }
  return result;
}

}  // namespace faltlogg::client
