// Session: the 6-digit PIN that unlocks after an auto-lock within a running session. The PIN never
// replaces the passphrase: it only releases the data key this process already holds (in sodium's locked,
// guarded memory) across a lock. A cold start has no held key, so it always asks for the passphrase, and
// after kMaxPinAttempts wrong PINs the held key is wiped and only the passphrase opens the store again.
// The PIN's salted hash is kept sealed in the vault, so it is chosen once and read back after each unlock.
#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/json.hpp"
#include "models/draft_values.hpp"
#include "models/session.hpp"

#include <QCryptographicHash>

#include <sodium.h>

namespace faltlogg::client {

namespace {

constexpr std::string_view kPinSecret = "ui.pin";

QByteArray pinHash(const QByteArray& salt, const QString& pin) {
  return QCryptographicHash::hash(salt + pin.toUtf8(), QCryptographicHash::Sha256);
}

bool isSixDigits(const QString& pin) {
  return pin.size() == 6 && std::all_of(pin.begin(), pin.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

}  // namespace

bool Session::hasPin() const { return !pinRecord_.isEmpty(); }

bool Session::setPin(const QString& pin) {
  if (stage_ != Stage::Unlocked || !store_) return false;
  if (!isSixDigits(pin)) return false;
  const auto salt = core::random_bytes(16);
  const QByteArray saltBytes(reinterpret_cast<const char*>(salt.data()), qsizetype(salt.size()));
  const QByteArray record = saltBytes.toBase64() + ':' + pinHash(saltBytes, pin).toBase64();
  if (!store_->vault().storeSecret(kPinSecret, record.toStdString())) return false;
  pinRecord_ = record;
  emit lockStateChanged();
  return true;
}

void Session::clearPin() {
  if (store_ && store_->vault().isUnlocked()) {
    // Left behind, the old PIN would come back at the next unlock: worth a line in the log. The held key
    // is wiped below either way, so the PIN cannot open this session again.
    if (auto removed = store_->vault().removeSecret(kPinSecret); !removed) {
      qWarning("The PIN could not be removed from the tablet: %s", removed.problem().code.c_str());
    }
  }
  pinRecord_.clear();
  heldKey_.wipe();
  emit lockStateChanged();
}

void Session::loadPin() {
  auto record = store_->vault().loadSecret(kPinSecret);
  pinRecord_ = record && record.value() ? QByteArray::fromStdString(*record.value()) : QByteArray();
}

// Called by lock(): keeps the key for the PIN when one is set.
void Session::holdKeyForPin() {
  heldKey_.wipe();
  pinFailures_ = 0;
  if (hasPin() && store_ && store_->vault().isUnlocked()) heldKey_ = store_->vault().copyDataKey();
}

bool Session::unlockWithPin(const QString& pin) {
  if (stage_ != Stage::Locked || !store_ || !pinUnlockAvailable()) return false;
  const auto parts = pinRecord_.split(':');
  const QByteArray salt = QByteArray::fromBase64(parts.value(0));
  const QByteArray expected = QByteArray::fromBase64(parts.value(1));
  const QByteArray given = pinHash(salt, pin);
  const bool match = parts.size() == 2 && isSixDigits(pin) && expected.size() == given.size() &&
                     sodium_memcmp(expected.constData(), given.constData(), std::size_t(given.size())) == 0;
  if (!match) {
    ++pinFailures_;
    if (pinFailures_ >= kMaxPinAttempts) {
      heldKey_.wipe();
      lockMessage_ = tr("%1 felaktiga PIN-koder. Lås upp med din lösenfras.").arg(kMaxPinAttempts);
    } else {
      const int left = kMaxPinAttempts - pinFailures_;
      lockMessage_ = left == 1 ? tr("Fel PIN-kod. 1 försök kvar, sedan behövs lösenfrasen.")
                               : tr("Fel PIN-kod. %1 försök kvar, sedan behövs lösenfrasen.").arg(left);
    }
    emit lockStateChanged();
    return false;
  }
  if (!store_->vault().adoptDataKey(core::SecureBuffer::copy_of(heldKey_.span()))) return false;
  heldKey_.wipe();
  lockMessage_.clear();
  afterUnlock();
  emit lockStateChanged();
  return true;
}

}  // namespace faltlogg::client
