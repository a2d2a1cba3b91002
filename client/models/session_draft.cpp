// Session: the unfinished draft survives a restart. Its values are sealed with the data key in the vault
// ("ui.draft"), like records, a moment after each change; a cold start restores it after the unlock, and
// home offers it again ("Utkast … Fortsätt"). Saving or discarding the draft removes it. A kill between a
// change and its write loses at most that last change, never the draft written before it.
#include "faltlogg/core/json.hpp"
#include "models/draft_values.hpp"
#include "models/session.hpp"
#include "sync/sync_thread.hpp"

#include <boost/json.hpp>

namespace faltlogg::client {

namespace json = boost::json;

namespace {

constexpr std::string_view kDraftSecret = "ui.draft";

}  // namespace

void Session::watchDraft() {
  if (!openDraft_) return;
  connect(openDraft_.data(), &RecordDraft::valuesChanged, this, [this] { draftWriteTimer_.start(); });
}

void Session::persistDraft() {
  draftWriteTimer_.stop();
  if (!openDraft_ || !store_ || !store_->vault().isUnlocked()) return;
  json::array prefilled;
  for (const auto& id : openDraft_->prefilledFields()) prefilled.emplace_back(id);
  json::object saved{{"form_id", openDraft_->form().id},
                     {"form_version", openDraft_->form().version},
                     {"values", openDraft_->values()},
                     {"prefilled", std::move(prefilled)}};
  if (const auto& edited = openDraft_->editedRecord()) saved["editing_id"] = edited->id;
  writeSecret(kDraftSecret, core::to_json_text(saved));
}

void Session::forgetDraft() {
  draftWriteTimer_.stop();
  if (store_ && store_->vault().isUnlocked()) writeSecret(kDraftSecret, {});
}

// On the sync thread's connection when there is one (queued in order with the record writes, so a draft
// is sealed before its record is written and removed after); here when there is none (the demo).
void Session::writeSecret(std::string_view name, const std::string& value) {
  if (syncThread_) {
    syncThread_->writeSecret(std::string(name), value);
    return;
  }
  auto status = value.empty() ? store_->vault().removeSecret(name) : store_->vault().storeSecret(name, value);
  if (!status) qWarning("A setting could not be kept on the tablet: %s", status.problem().code.c_str());
}

void Session::flushDraft() {
  if (draftWriteTimer_.isActive()) persistDraft();
}

// After an unlock on a cold start: the draft the last run left, if its form (and the record it edits) is
// still there. One that cannot be brought back is dropped rather than offered half.
void Session::restoreDraft() {
  if (openDraft_ || !store_ || !canLog()) return;
  auto text = store_->vault().loadSecret(kDraftSecret);
  if (!text || !text.value()) return;
  auto parsed = core::parse_json(*text.value());
  const auto* saved = parsed && parsed->is_object() ? &parsed->get_object() : nullptr;
  const auto* values = saved != nullptr ? saved->if_contains("values") : nullptr;
  const auto* version = saved != nullptr ? saved->if_contains("form_version") : nullptr;
  const auto formId = saved != nullptr ? core::opt_string(*saved, "form_id") : std::nullopt;
  const auto* form = formId && version != nullptr && version->is_int64()
                         ? forms_.find(*formId, static_cast<int>(version->get_int64()))
                         : nullptr;
  if (form == nullptr || values == nullptr || !values->is_object()) {
    forgetDraft();
    return;
  }
  DraftSetup setup = draftSetup(*form);
  setup.initialValues = values->get_object();
  if (const auto* prefilled = saved->if_contains("prefilled"); prefilled != nullptr && prefilled->is_array()) {
    for (const auto& id : prefilled->get_array()) {
      if (id.is_string()) setup.prefilledFields.insert(std::string(id.get_string()));
    }
  }
  if (const auto editing = core::opt_string(*saved, "editing_id")) {
    auto stored = store_->record(*editing);
    if (!stored || stored->record.deleted || isColleagues(stored->record)) {
      forgetDraft();
      return;
    }
    setup.editing = stored->record;
  }
  openDraft_ = new RecordDraft(std::move(setup), this);
  openDraft_->setEnglish(english());
  watchDraft();
  emit openDraftChanged();
}

}  // namespace faltlogg::client
