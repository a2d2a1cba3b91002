// Session: "Byt lösenfras" in Inställningar (decision 0092). The same re-wrap as `faltlogg-cli
// change-passphrase` (decision 0039): the current passphrase unwraps the data key on a connection of its
// own, the new one wraps it again in one transaction; records are never re-encrypted. Both Argon2id
// derivations run on the Session's worker pool, never on the UI thread.
#include "models/passphrase_strength.hpp"
#include "models/session.hpp"

#include <sodium.h>

namespace faltlogg::client {

namespace {

struct PassphraseChange {
  core::Status status = core::Ok{};
};

}  // namespace

QString Session::checkNewPassphrase(const QString& current, const QString& replacement,
                                    const QString& repeated) const {
  if (current.isEmpty()) return tr("Skriv den lösenfras du använder nu.");
  if (replacement.size() < kMinimumPassphraseLength || faltlogg::client::passphraseStrength(replacement) < 1) {
    return passphraseAdvice(replacement);
  }
  if (replacement != repeated) return tr("Lösenfraserna är inte lika.");
  if (replacement == current) return tr("Den nya lösenfrasen är samma som den du har nu.");
  return {};
}

bool Session::changePassphrase(const QString& current, const QString& replacement, const QString& repeated) {
  if (stage_ != Stage::Unlocked || !store_ || changingPassphrase_) return false;
  passphraseChangeMessage_ = checkNewPassphrase(current, replacement, repeated);
  if (passphraseChangeMessage_.isEmpty() && attemptsLeft() <= 1) {
    // A wrong current passphrase counts like any wrong attempt; the last one would erase the store.
    passphraseChangeMessage_ = tr("För många felaktiga försök. Lås appen och lås upp med lösenfrasen först.");
  }
  if (!passphraseChangeMessage_.isEmpty()) {
    emit passphraseChangeStateChanged();
    return false;
  }
  changingPassphrase_ = true;
  emit passphraseChangeStateChanged();
  runInBackground(
      [directory = dataDirectory_, kdf = options_.kdf, oldSecret = current.toStdString(),
       newSecret = replacement.toStdString()]() mutable {
        auto change = std::make_shared<PassphraseChange>();
        auto opened = LocalStore::open(directory, LocalStore::OpenMode::openExisting, kdf);
        if (!opened) {
          change->status = opened.problem();
        } else {
          change->status = opened.value()->unlock(oldSecret);  // counted like any wrong attempt
          if (change->status) change->status = opened.value()->vault().rewrap(newSecret);
          opened.value()->lock();
        }
        sodium_memzero(oldSecret.data(), oldSecret.size());
        sodium_memzero(newSecret.data(), newSecret.size());
        return change;
      },
      [this](const std::shared_ptr<PassphraseChange>& change) { finishPassphraseChange(change->status); });
  return true;
}

void Session::finishPassphraseChange(const core::Status& status) {
  changingPassphrase_ = false;
  if (status) {
    passphraseChangeMessage_.clear();
    emit lockStateChanged();  // the successful unlock on the worker reset the failed attempts
    emit passphraseChangeStateChanged();
    emit passphraseChanged();
    return;
  }
  const auto& code = status.problem().code;
  if (code == "wrong_passphrase") {
    passphraseChangeMessage_ = tr("Fel lösenfras. Den gamla lösenfrasen gäller fortfarande.");
  } else {
    passphraseChangeMessage_ = tr("Lösenfrasen kunde inte bytas; den gamla gäller fortfarande. Försök igen.");
    qWarning("Passphrase change failed: %s", status.problem().code.c_str());
  }
  emit lockStateChanged();  // the failed attempt is counted
  emit passphraseChangeStateChanged();
}

}  // namespace faltlogg::client
