#include "models/record_draft.hpp"

#include "models/record_summary.hpp"

#include "faltlogg/core/time.hpp"
#include "faltlogg/core/uuid.hpp"
#include "models/draft_values.hpp"
#include "models/field_list_model.hpp"

#include <boost/json.hpp>

#include <QDateTime>
#include <QPointer>

#include <algorithm>

namespace faltlogg::client {

namespace json = boost::json;
using core::FieldType;

namespace {

// "youths.flicka.13_15" is reported at the youths field.
std::string topLevelField(const std::string& errorField) { return errorField.substr(0, errorField.find('.')); }

}  // namespace

RecordDraft::RecordDraft(DraftSetup setup, QObject* parent)
    : QObject(parent), setup_(std::move(setup)), values_(setup_.initialValues) {
  for (const auto& field : setup_.form.fields) {
    if (field.type == FieldType::count_grid && !values_.contains(field.id)) values_[field.id] = emptyGrid(field);
    if (field.type == FieldType::datetime && field.required && !values_.contains(field.id)) {
      // A contact is logged while or just after it happens: now is the right default. An optional time
      // (a case's end date) stays empty until it happens.
      values_[field.id] = core::format_rfc3339(setup_.clock());
    }
  }
  // A case is started without its end; a closed case's record shows what it was closed with.
  for (std::size_t i = 0; i < setup_.form.fields.size(); ++i) {
    const auto& id = setup_.form.fields[i].id;
    if (!isClosingField(setup_.form, id) || values_.contains(id)) shown_.push_back(i);
  }
  fields_ = new FieldListModel(this);
  revalidate();
}

bool isClosingField(const core::FormDefinition& form, std::string_view fieldId) {
  return form.id == "familjearende" && (fieldId == "slutdatum" || fieldId == "avslutsorsak");
}

RecordDraft::~RecordDraft() = default;

QString RecordDraft::formId() const { return qs(setup_.form.id); }
QString RecordDraft::title() const { return localized(setup_.form.title_sv, setup_.form.title_en, english_); }

void RecordDraft::setEnglish(bool english) {
  if (english == english_) return;
  english_ = english;
  emit languageChanged();
  fields_->refreshAll();
}

QString RecordDraft::recordId() const {
  if (setup_.editing) return qs(setup_.editing->id);
  return qs(savedId_);
}

const json::value* RecordDraft::valueOf(const std::string& fieldId) const { return values_.if_contains(fieldId); }

QString RecordDraft::visibleError(const std::string& fieldId) const {
  const bool shown = saveAttempted_ || touched_.count(fieldId) > 0;
  for (const auto& error : errors_) {
    if (topLevelField(error.field) != fieldId) continue;
    // A personnummer or phone number must be pointed out while it is being typed, not after.
    const bool immediate = error.code == "personal_identity_number" || error.code == "phone_number" ||
                           error.code == "too_long";
    // A record from before the team's list changed: its area is gone. Said at once, in plain words, so the
    // record can be moved to a current area rather than stay stuck.
    if (error.code == "unknown_reference") {
      const auto* field = setup_.form.field(fieldId);
      const auto* value = valueOf(fieldId);
      if (field != nullptr && value != nullptr && value->is_string() && !value->get_string().empty()) {
        return staleReferenceText(*field, english_) + QLatin1Char('.');
      }
    }
    if (shown || immediate) return english_ ? qs(error.message_en) : qs(error.message_sv);
  }
  return {};
}

const std::vector<core::Option>* RecordDraft::referenceOptions(const core::FieldDef& field) const {
  if (!field.reference) return nullptr;
  auto it = setup_.references.find(*field.reference);
  return it == setup_.references.end() ? nullptr : &it->second;
}

const core::FieldDef* RecordDraft::fieldOf(const QString& fieldId, std::initializer_list<FieldType> types) const {
  const auto* field = setup_.form.field(fieldId.toStdString());
  if (field == nullptr) return nullptr;
  return std::find(types.begin(), types.end(), field->type) != types.end() ? field : nullptr;
}

void RecordDraft::changeValue(const core::FieldDef& field, json::value value, bool touches) {
  if (value.is_null()) {
    values_.erase(field.id);
  } else {
    values_[field.id] = std::move(value);
  }
  if (touches) touched_.insert(field.id);
  setup_.prefilledFields.erase(field.id);
  revalidate();
  emit valuesChanged();
}

void RecordDraft::setText(const QString& fieldId, const QString& text) {
  const auto* field = fieldOf(fieldId, {FieldType::text, FieldType::code, FieldType::reference, FieldType::single});
  if (field == nullptr) return;
  // Typing does not count as "touched": a half-typed case code is not yet wrong. The field is touched
  // when the user leaves it (touch()), and identifying numbers are flagged at once regardless.
  const bool typed = field->type == FieldType::text || field->type == FieldType::code;
  if (text.isEmpty()) {
    changeValue(*field, nullptr, !typed);
  } else {
    changeValue(*field, json::string(text.toStdString()), !typed);
  }
}

void RecordDraft::chooseOption(const QString& fieldId, const QString& value) {
  const auto* field = fieldOf(fieldId, {FieldType::single, FieldType::reference});
  if (field == nullptr) return;
  const auto* current = valueOf(field->id);
  const bool same = current != nullptr && current->is_string() && current->get_string() == value.toStdString();
  // Tapping the chosen chip again clears it, so a mistaken choice on an optional field can be undone. A
  // remembered choice ("som förra gången") or a required one is never un-selected that way: the tap
  // confirms it (issue 11).
  if (same && (field->required || prefilled(field->id))) {
    changeValue(*field, *current);
  } else if (same) {
    changeValue(*field, nullptr);
  } else {
    changeValue(*field, json::string(value.toStdString()));
  }
}

void RecordDraft::toggleOption(const QString& fieldId, const QString& value) {
  const auto* field = fieldOf(fieldId, {FieldType::multi});
  if (field == nullptr) return;
  changeValue(*field, toggledSelection(*field, valueOf(field->id), value.toStdString()));
}

void RecordDraft::setInteger(const QString& fieldId, int value) {
  const auto* field = fieldOf(fieldId, {FieldType::integer});
  if (field != nullptr) changeValue(*field, static_cast<std::int64_t>(value));
}

void RecordDraft::clearValue(const QString& fieldId) {
  const auto* field = setup_.form.field(fieldId.toStdString());
  if (field == nullptr) return;
  changeValue(*field, field->type == FieldType::count_grid ? json::value(emptyGrid(*field)) : json::value(nullptr));
}

void RecordDraft::stepInteger(const QString& fieldId, int delta) {
  const auto* field = fieldOf(fieldId, {FieldType::integer});
  if (field == nullptr) return;
  const auto* current = valueOf(field->id);
  std::int64_t next = (current != nullptr && current->is_int64() ? current->get_int64() : 0) + delta;
  // Steppers stop at the bounds; typed values outside them still reach the validator and its message.
  if (field->min) next = std::max(next, *field->min);
  if (field->max) next = std::min(next, *field->max);
  changeValue(*field, next);
}

void RecordDraft::setBool(const QString& fieldId, bool value) {
  const auto* field = fieldOf(fieldId, {FieldType::boolean});
  if (field != nullptr) changeValue(*field, value);
}

void RecordDraft::stepGridCell(const QString& fieldId, int row, int column, int delta) {
  const auto* field = fieldOf(fieldId, {FieldType::count_grid});
  if (field == nullptr || row < 0 || column < 0 || row >= int(field->rows.size()) ||
      column >= int(field->columns.size())) {
    return;
  }
  const auto& rowId = field->rows[std::size_t(row)].value;
  const auto& columnId = field->columns[std::size_t(column)].value;
  const auto* current = valueOf(field->id);
  json::object grid = current != nullptr && current->is_object() ? current->get_object() : emptyGrid(*field);
  std::int64_t next = std::max<std::int64_t>(gridCell(current, rowId, columnId) + delta, field->min.value_or(0));
  if (field->max) next = std::min(next, *field->max);
  if (!grid[rowId].is_object()) grid[rowId] = json::object{};
  grid[rowId].get_object()[columnId] = next;
  changeValue(*field, std::move(grid));
}

void RecordDraft::setDateTime(const QString& fieldId, const QDateTime& when) {
  const auto* field = fieldOf(fieldId, {FieldType::datetime});
  if (field == nullptr || !when.isValid()) return;
  changeValue(*field, json::string(core::format_rfc3339(when.toMSecsSinceEpoch())));
}

void RecordDraft::shiftDateTime(const QString& fieldId, int minutes) {
  const auto* field = fieldOf(fieldId, {FieldType::datetime});
  if (field == nullptr) return;
  const auto* current = valueOf(field->id);
  std::optional<core::Millis> at;
  if (current != nullptr && current->is_string()) at = core::parse_rfc3339(current->get_string());
  const core::Millis base = at.value_or(setup_.clock());
  changeValue(*field, json::string(core::format_rfc3339(base + core::Millis(minutes) * 60'000)));
}

void RecordDraft::touch(const QString& fieldId) {
  const std::string id = fieldId.toStdString();
  if (setup_.form.field(id) == nullptr || !touched_.insert(id).second) return;
  fields_->refreshErrors();
}

core::Record RecordDraft::buildRecord() const {
  core::Record record;
  if (setup_.editing) record = *setup_.editing;
  record.form_id = setup_.form.id;
  record.form_version = setup_.form.version;
  record.deleted = false;
  record.data.clear();
  for (const auto& field : setup_.form.fields) {
    const auto* value = valueOf(field.id);
    if (value == nullptr) continue;
    if (field.id == core::kOccurredAtField) {
      record.occurred_at = value->is_string() ? std::string(value->get_string()) : std::string{};
      continue;
    }
    // An untouched optional multi choice is "not answered", not "answered with nothing".
    if (field.type == FieldType::multi && value->is_array() && value->get_array().empty() && !field.required) {
      continue;
    }
    record.data[field.id] = *value;
  }
  return record;
}

core::ValidationContext RecordDraft::validationContext() const {
  core::ValidationContext context;
  context.now_ms = setup_.clock();
  for (const auto& [name, options] : setup_.references) {
    auto& ids = context.references[name];
    for (const auto& option : options) ids.insert(option.value);
  }
  return context;
}

void RecordDraft::revalidate() {
  errors_ = core::validate_record(setup_.form, buildRecord(), validationContext());
  saveError_.clear();
  fields_->refreshAll();
  emit validationChanged();
}

bool RecordDraft::save() {
  saveAttempted_ = true;
  revalidate();
  if (!errors_.empty()) return false;
  core::Record record = buildRecord();
  if (record.id.empty()) record.id = core::make_uuid_v4();
  if (!setup_.saveRecord) {
    saveError_ = tr("Det går inte att spara just nu.");
    emit validationChanged();
    return false;
  }
  if (saving_) return true;  // a second tap while the first save is under way
  saving_ = true;
  emit savingChanged();
  setup_.saveRecord(std::move(record), [self = QPointer<RecordDraft>(this)](core::Result<core::Record> stored) {
    if (self) self->finishSave(std::move(stored));
  });
  return saving_ || !savedId_.empty();
}

void RecordDraft::finishSave(core::Result<core::Record> stored) {
  saving_ = false;
  emit savingChanged();
  if (!stored) {
    saveError_ = qs(stored.problem().detail.empty() ? stored.problem().title : stored.problem().detail);
    emit validationChanged();
    return;
  }
  savedId_ = stored->id;
  if (setup_.editing) setup_.editing = stored.value();
  emit saved(qs(savedId_));
}

int RecordDraft::firstErrorRow() const {
  for (std::size_t row = 0; row < shown_.size(); ++row) {
    if (!visibleError(setup_.form.fields[shown_[row]].id).isEmpty()) return int(row);
  }
  return -1;
}

}  // namespace faltlogg::client
