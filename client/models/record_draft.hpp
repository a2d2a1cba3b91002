// RecordDraft: the record being written or edited on the New-record page. It holds the values, runs
// core::validate_record after every change (the UI never re-implements a rule) and decides which
// errors to show: a field's error appears once the field was touched, or after a save attempt.
#pragma once

#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/record.hpp"
#include "faltlogg/core/validation.hpp"

#include <boost/json/object.hpp>

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QVariant>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace faltlogg::client {

class FieldListModel;

struct DraftSetup {
  core::FormDefinition form;
  // Reference lists with labels, by name (e.g. "areas" → the team's sub-areas).
  std::map<std::string, std::vector<core::Option>, std::less<>> references;
  // Starting values by field id, occurred_at included (the record being edited, or last-used values).
  boost::json::object initialValues;
  std::set<std::string> prefilledFields;  // shown with a "from your last record" hint
  std::optional<core::Record> editing;    // set when this draft edits a stored record
  // Stores the record and calls `done` with the stored record (its hlc assigned) or a Problem, which is
  // shown to the user while the draft keeps every value. `done` may run later, on the UI thread (the
  // write happens on the sync thread), or before saveRecord returns.
  using SaveDone = std::function<void(core::Result<core::Record>)>;
  std::function<void(core::Record, SaveDone)> saveRecord;
  std::function<core::Millis()> clock = core::now_millis;
};

class RecordDraft : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("Drafts come from Session.newDraft() or Session.editDraft()")
  Q_PROPERTY(QString formId READ formId CONSTANT)
  Q_PROPERTY(QString title READ title NOTIFY languageChanged)
  Q_PROPERTY(bool english READ english WRITE setEnglish NOTIFY languageChanged)
  Q_PROPERTY(bool editing READ editing CONSTANT)
  Q_PROPERTY(QString recordId READ recordId NOTIFY saved)
  Q_PROPERTY(FieldListModel* fields READ fields CONSTANT)
  Q_PROPERTY(int errorCount READ errorCount NOTIFY validationChanged)
  Q_PROPERTY(bool saveAttempted READ saveAttempted NOTIFY validationChanged)
  Q_PROPERTY(QString saveError READ saveError NOTIFY validationChanged)
  // The record is being written (off the UI thread); saved() or saveError follows.
  Q_PROPERTY(bool saving READ saving NOTIFY savingChanged)

 public:
  explicit RecordDraft(DraftSetup setup, QObject* parent = nullptr);
  ~RecordDraft() override;

  QString formId() const;
  QString title() const;
  bool english() const { return english_; }
  void setEnglish(bool english);
  bool editing() const { return setup_.editing.has_value(); }
  QString recordId() const;
  FieldListModel* fields() const { return fields_; }
  int errorCount() const { return static_cast<int>(errors_.size()); }
  bool saveAttempted() const { return saveAttempted_; }
  QString saveError() const { return saveError_; }
  bool saving() const { return saving_; }

  // Setters by field id; each re-validates. Unknown ids or wrong types change nothing.
  Q_INVOKABLE void setText(const QString& fieldId, const QString& text);
  Q_INVOKABLE void chooseOption(const QString& fieldId, const QString& value);
  Q_INVOKABLE void toggleOption(const QString& fieldId, const QString& value);
  Q_INVOKABLE void setInteger(const QString& fieldId, int value);
  Q_INVOKABLE void clearValue(const QString& fieldId);
  Q_INVOKABLE void stepInteger(const QString& fieldId, int delta);
  Q_INVOKABLE void setBool(const QString& fieldId, bool value);
  Q_INVOKABLE void stepGridCell(const QString& fieldId, int row, int column, int delta);
  Q_INVOKABLE void setDateTime(const QString& fieldId, const QDateTime& when);
  Q_INVOKABLE void shiftDateTime(const QString& fieldId, int minutes);
  Q_INVOKABLE void touch(const QString& fieldId);
  // Validates everything and hands a valid record to be stored; saved() follows once it is on disk (at
  // once, or a moment later from the sync thread). False when it is invalid, or the store already said no.
  Q_INVOKABLE bool save();
  // Row of the first field with an error, for scrolling to it; -1 when there is none.
  Q_INVOKABLE int firstErrorRow() const;

  // For FieldListModel.
  const core::FormDefinition& form() const { return setup_.form; }
  // The indices in form().fields of the fields the form page shows, in the pack's order: all but a case
  // record's closing fields while the case is open (they belong to CloseCaseDialog, decision 0097).
  const std::vector<std::size_t>& shownFields() const { return shown_; }
  const boost::json::value* valueOf(const std::string& fieldId) const;
  QString visibleError(const std::string& fieldId) const;
  bool prefilled(const std::string& fieldId) const { return setup_.prefilledFields.count(fieldId) > 0; }
  const std::vector<core::Option>* referenceOptions(const core::FieldDef& field) const;

  // What a restart needs to bring this draft back (sealed in the vault by Session): the values as typed,
  // which fields are still "as last time", and the record being edited.
  const boost::json::object& values() const { return values_; }
  const std::set<std::string>& prefilledFields() const { return setup_.prefilledFields; }
  const std::optional<core::Record>& editedRecord() const { return setup_.editing; }

  // The record as it would be saved now (id and hlc are filled in by save()).
  core::Record buildRecord() const;
  std::vector<core::FieldError> currentErrors() const { return errors_; }

 signals:
  void languageChanged();
  void validationChanged();
  void saved(const QString& recordId);
  // A value changed (Session keeps the unfinished draft sealed on disk).
  void valuesChanged();
  void savingChanged();

 private:
  const core::FieldDef* fieldOf(const QString& fieldId, std::initializer_list<core::FieldType> types) const;
  void changeValue(const core::FieldDef& field, boost::json::value value, bool touches = true);
  void revalidate();
  void finishSave(core::Result<core::Record> stored);
  core::ValidationContext validationContext() const;

  DraftSetup setup_;
  boost::json::object values_;
  std::vector<core::FieldError> errors_;
  std::set<std::string> touched_;
  bool saveAttempted_ = false;
  bool saving_ = false;
  bool english_ = false;
  QString saveError_;
  std::string savedId_;
  std::vector<std::size_t> shown_;
  FieldListModel* fields_ = nullptr;
};

// Fields set only by closing a case (Session::closeCase): `slutdatum` and `avslutsorsak` of familjearende.
bool isClosingField(const core::FormDefinition& form, std::string_view fieldId);

}  // namespace faltlogg::client
