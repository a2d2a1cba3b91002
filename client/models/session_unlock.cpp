// Session: first start, unlock, lock, auto-lock and sign-out.
#include "faltlogg/core/ignore_failure.hpp"
#include "faltlogg/core/json.hpp"
#include "models/draft_values.hpp"
#include "models/passphrase_strength.hpp"
#include "models/session.hpp"

#include <boost/json.hpp>

#include "sync/sync_engine.hpp"
#include "sync/sync_thread.hpp"

#include <QEvent>
#include <QEventLoop>
#include <QGuiApplication>

#include <sodium.h>

namespace faltlogg::client {

namespace json = boost::json;

namespace {

constexpr std::string_view kLastUsedSecret = "ui.last_used";
constexpr std::string_view kReferenceSecretPrefix = "reference.";
// Written by SyncEngine at login: {"user": {"display_name", "roles", ...}, ...}.
constexpr std::string_view kSessionSecret = "session";

std::optional<json::value> loadJsonSecret(KeyVault& vault, std::string_view name) {
  auto text = vault.loadSecret(name);
  if (!text || !text.value()) return std::nullopt;
  auto parsed = core::parse_json(*text.value());
  if (!parsed) return std::nullopt;
  return std::move(parsed.value());
}

std::vector<core::Option> optionsFromJson(const json::value& value) {
  std::vector<core::Option> options;
  if (!value.is_array()) return options;
  for (const auto& item : value.get_array()) {
    if (!item.is_object()) continue;
    const auto& object = item.get_object();
    core::Option option;
    option.value = core::opt_string(object, "value").value_or("");
    option.label_sv = core::opt_string(object, "label_sv").value_or(option.value);
    option.label_en = core::opt_string(object, "label_en").value_or(option.label_sv);
    if (!option.value.empty()) options.push_back(std::move(option));
  }
  return options;
}

}  // namespace

int Session::failedAttempts() const { return store_ ? store_->vault().failedAttempts() : 0; }

int Session::attemptsLeft() const {
  return store_ ? std::max(0, store_->vault().maxAttempts() - store_->vault().failedAttempts()) : 0;
}

// Argon2id takes a noticeable fraction of a second by design, so it never runs on the UI thread: the
// attempt runs on a worker with its own connection to the store (counting the attempt there, so a kill
// midway still counts it) and hands back only the data key, which the UI's connection adopts.
bool Session::unlock(const QString& passphrase) {
  if (!store_ || stage_ != Stage::Locked || unlocking_) return false;
  unlocking_ = true;
  emit lockStateChanged();
  const auto directory = dataDirectory_;
  const auto kdf = options_.kdf;
  runInBackground(
      [directory, kdf, secret = passphrase.toStdString()]() mutable {
        auto outcome = std::make_shared<UnlockOutcome>();
        auto opened = LocalStore::open(directory, LocalStore::OpenMode::openExisting, kdf);
        if (!opened) {
          outcome->status = opened.problem();
        } else {
          outcome->status = opened.value()->unlock(secret);
          if (outcome->status) {
            outcome->dataKey = opened.value()->vault().copyDataKey();
            outcome->bookkeeping = opened.value()->bookkeepingReport();
          }
          opened.value()->lock();
        }
        sodium_memzero(secret.data(), secret.size());
        return outcome;
      },
      [this](std::shared_ptr<UnlockOutcome> outcome) { finishUnlock(std::move(*outcome)); });
  return true;
}

bool Session::unlockAndWait(const QString& passphrase) {
  if (!unlock(passphrase)) return false;
  QEventLoop loop;
  connect(this, &Session::unlockFinished, &loop, &QEventLoop::quit);
  if (unlocking_) loop.exec();
  return stage_ == Stage::Unlocked;
}

void Session::finishUnlock(UnlockOutcome outcome) {
  unlocking_ = false;
  if (!store_ || stage_ != Stage::Locked) {  // signed out or set up anew meanwhile: the key is not wanted
    outcome.dataKey.wipe();
    emit lockStateChanged();
    emit unlockFinished(false);
    return;
  }
  core::Status status = outcome.status;
  if (status) status = store_->vault().adoptDataKey(std::move(outcome.dataKey));
  if (status) {
    lockMessage_.clear();
    unlockReport_ = std::move(outcome.bookkeeping);
    unreadableRows_ = 0;
    updateIntegrityWarning();
    afterUnlock();
    emit lockStateChanged();
    emit unlockFinished(true);
    return;
  }
  const auto& code = status.problem().code;
  if (code == "store_destroyed" || code == "attempts_exhausted") {
    store_->destroy();  // the worker's connection already removed the files; this closes ours
    store_.reset();
    lockMessage_ = tr("För många felaktiga försök. Uppgifterna på surfplattan är raderade; logga in igen.");
    setStage(Stage::NeedsSetup);
    emit storeDestroyed();
  } else if (code == "wrong_passphrase") {
    const int left = attemptsLeft();
    lockMessage_ = left == 1 ? tr("Fel lösenfras. Varning: nästa felaktiga försök raderar allt på surfplattan "
                                  "som inte är synkat.")
                             : tr("Fel lösenfras. %n försök kvar.", nullptr, left);
  } else {
    lockMessage_ = tr("Det gick inte att låsa upp: %1").arg(qs(status.problem().detail));
  }
  emit lockStateChanged();
  emit unlockFinished(false);
}

// The reference lists the forms point at (the team's areas, with names), as the sync engine last stored them.
void Session::loadReferenceLists() {
  if (!store_ || !store_->vault().isUnlocked()) return;
  for (const auto* form : forms_.latest_all()) {
    for (const auto& field : form->fields) {
      if (!field.reference) continue;
      if (auto list = loadJsonSecret(store_->vault(), std::string(kReferenceSecretPrefix) + *field.reference)) {
        references_[*field.reference] = optionsFromJson(*list);
      }
    }
  }
}

void Session::afterUnlock() {
  auto& vault = store_->vault();
  heldKey_.wipe();
  loadPin();
  if (auto remembered = loadJsonSecret(vault, kLastUsedSecret); remembered && remembered->is_object()) {
    lastUsed_ = remembered->get_object();
  }
  loadReferenceLists();
  auto session = loadJsonSecret(vault, kSessionSecret);
  const json::value* user = session && session->is_object() ? session->get_object().if_contains("user") : nullptr;
  if (user != nullptr && user->is_object()) {
    const auto& object = user->get_object();
    QStringList roles;
    if (const auto* list = object.if_contains("roles"); list != nullptr && list->is_array()) {
      for (const auto& role : list->get_array()) {
        if (role.is_string()) roles << qs(std::string(role.get_string()));
      }
    }
    const auto& sessionObject = session->get_object();
    setUser(qs(core::opt_string(object, "display_name").value_or("")), roles,
            qs(core::opt_string(sessionObject, "device_id").value_or("")));
  }
  if (auto timeout = store_->metaValue("ui.lock_timeout_minutes"); timeout && timeout.value()) {
    lockTimeoutMinutes_ = std::clamp(std::atoi(timeout.value()->c_str()), 1, 60);
    inactivityTimer_.setInterval(lockTimeoutMinutes_ * 60'000);
    emit settingsChanged();
  }
  keepAppearanceInStore();
  restoreDraft();
  if (!syncThread_) {
    core::ignore_failure(connectSyncEngine(), "no server configured (demo): the bar says so on \"Synka nu\"");
  }
  connectReviewSource();
  setStage(Stage::Unlocked);
  refresh();
  updateSyncStatus();
  inactivityTimer_.start();
  scheduleSync(0);  // whatever was saved before the lock goes out now
}

void Session::lock() {
  if (stage_ != Stage::Unlocked || !store_) return;
  flushDraft();
  commitPendingDelete();
  inactivityTimer_.stop();
  autoSyncTimer_.stop();
  syncThread_.reset();
  team_->setSource(nullptr, &forms_);
  holdKeyForPin();
  if (auto counts = store_->counts()) unsentWhileLocked_ = int(counts->pending + counts->needsCorrection);
  store_->lock();
  // Nothing readable stays on screen behind the lock.
  applyListing({});
  lastUsed_.clear();
  setStage(Stage::Locked);
  emit lockStateChanged();
}

void Session::noteActivity() {
  if (stage_ == Stage::Unlocked) inactivityTimer_.start();
}

bool Session::eventFilter(QObject* watched, QEvent* event) {
  switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::KeyPress:
    case QEvent::Wheel:
      noteActivity();
      break;
    case QEvent::ApplicationPaletteChange:  // the system switched between light and dark
      if (watched == qGuiApp) readSystemPalette();
      break;
    default:
      break;
  }
  return QObject::eventFilter(watched, event);
}

int Session::passphraseStrength(const QString& passphrase) const {
  return faltlogg::client::passphraseStrength(passphrase);
}

QString Session::passphraseAdvice(const QString& passphrase) const {
  if (passphrase.size() < kMinimumPassphraseLength) {
    return tr("Minst %1 tecken. Några vanliga ord i rad är lätta att minnas och svåra att gissa.")
        .arg(kMinimumPassphraseLength);
  }
  switch (faltlogg::client::passphraseStrength(passphrase)) {
    case 0: return tr("För lätt att gissa.");
    case 1: return tr("Svag – gör den längre.");
    case 2: return tr("Godkänd.");
    case 3: return tr("Stark.");
    default: return tr("Mycket stark.");
  }
}

// A new store for first start, made on a worker (Argon2id wraps the new data key; the vault keeps the key
// unwrapped, so no second derivation is needed to unlock it). The caller owns the store once it is back.
std::shared_ptr<Session::CreatedStore> Session::createStoreOffThread(const std::filesystem::path& directory,
                                                                     core::KdfStrength kdf, std::string passphrase) {
  auto created = std::make_shared<CreatedStore>();
  auto opened = LocalStore::open(directory, LocalStore::OpenMode::createNew, kdf);
  if (!opened) {
    created->status = opened.problem();
  } else if (auto status = opened.value()->initialize(passphrase); !status) {
    opened.value()->destroy();
    created->status = status;
  } else {
    created->store = std::move(opened.value());
  }
  sodium_memzero(passphrase.data(), passphrase.size());
  return created;
}

void Session::signOut() {
  discardDraft();
  commitPendingDelete();
  inactivityTimer_.stop();
  autoSyncTimer_.stop();
  syncThread_.reset();
  team_->setSource(nullptr, &forms_);
  heldKey_.wipe();
  pinRecord_.clear();
  if (store_) {
    store_->destroy();
    store_.reset();
  }
  references_.clear();
  lastUsed_.clear();
  applyListing({});
  setUser({}, {});
  setStage(Stage::NeedsSetup);
}

}  // namespace faltlogg::client
