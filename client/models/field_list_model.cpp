#include "models/field_list_model.hpp"

#include "faltlogg/core/time.hpp"
#include "models/draft_values.hpp"
#include "models/record_draft.hpp"

#include <QDateTime>
#include <QLocale>
#include <QStringList>

namespace faltlogg::client {

using core::FieldType;

FieldListModel::FieldListModel(RecordDraft* draft) : QAbstractListModel(draft), draft_(draft) {}

int FieldListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(draft_->shownFields().size());
}

namespace {

QVariantList labelList(const std::vector<core::Option>& options, bool english) {
  QVariantList list;
  for (const auto& option : options) {
    list << QVariantMap{{"value", qs(option.value)}, {"label", localized(option.label_sv, option.label_en, english)}};
  }
  return list;
}

QVariant optional(const std::optional<std::int64_t>& value) {
  return value ? QVariant(static_cast<qlonglong>(*value)) : QVariant{};
}

// A datetime shown as the tablet's local time, in the UI language's format.
QString displayDateTime(const boost::json::value* value, bool english) {
  if (value == nullptr || !value->is_string()) return {};
  const auto ms = core::parse_rfc3339(value->get_string());
  if (!ms) return {};
  const QLocale locale(english ? QLocale::English : QLocale::Swedish, english ? QLocale::UnitedKingdom : QLocale::Sweden);
  return locale.toString(QDateTime::fromMSecsSinceEpoch(*ms).toLocalTime(), QStringLiteral("ddd d MMM HH:mm"));
}

}  // namespace

QVariant FieldListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const auto& field = draft_->form().fields[draft_->shownFields()[std::size_t(index.row())]];
  const bool english = draft_->english();
  const auto* value = draft_->valueOf(field.id);
  switch (role) {
    case FieldIdRole: return qs(field.id);
    case TypeRole: return qs(std::string(core::to_string(field.type)));
    case Qt::DisplayRole:
    case LabelRole: return localized(field.label_sv, field.label_en, english);
    case HelpRole: return localized(field.help_sv, field.help_en, english);
    case RequiredRole: return field.required;
    case ValueRole: return toQmlValue(field, value);
    case DisplayValueRole:
      return field.type == FieldType::datetime ? QVariant(displayDateTime(value, english)) : toQmlValue(field, value);
    case OptionsRole: {
      if (field.type == FieldType::reference) {
        const auto* options = draft_->referenceOptions(field);
        return options != nullptr ? optionList(*options, value, english) : QVariantList{};
      }
      return optionList(field.options, value, english);
    }
    case RowsRole: return labelList(field.rows, english);
    case ColumnsRole: return labelList(field.columns, english);
    case TotalRole: return static_cast<qlonglong>(gridTotal(value));
    case PresetsRole: {
      QVariantList presets;
      for (auto preset : field.presets) presets << static_cast<qlonglong>(preset);
      return presets;
    }
    case MinimumRole: return optional(field.min);
    case MaximumRole: return optional(field.max);
    case MaxLengthRole: return optional(field.max_length);
    case ErrorRole: return draft_->visibleError(field.id);
    case PrefilledRole: return draft_->prefilled(field.id);
    default: return {};
  }
}

QHash<int, QByteArray> FieldListModel::roleNames() const {
  return {{FieldIdRole, "fieldId"},   {TypeRole, "type"},       {LabelRole, "label"},
          {HelpRole, "help"},         {RequiredRole, "mandatory"}, {ValueRole, "value"},
          {DisplayValueRole, "displayValue"}, {OptionsRole, "options"}, {RowsRole, "rows"},
          {ColumnsRole, "columns"},   {TotalRole, "total"},     {PresetsRole, "presets"},
          {MinimumRole, "minimum"},   {MaximumRole, "maximum"}, {MaxLengthRole, "maxLength"},
          {ErrorRole, "error"},       {PrefilledRole, "prefilled"}};
}

void FieldListModel::refreshAll() {
  if (rowCount() > 0) emit dataChanged(index(0), index(rowCount() - 1));
}

void FieldListModel::refreshErrors() {
  if (rowCount() > 0) emit dataChanged(index(0), index(rowCount() - 1), {ErrorRole});
}

}  // namespace faltlogg::client
