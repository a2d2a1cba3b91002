// A rough passphrase strength for the first-start screen (0 = too weak … 4 = strong): length and
// character variety, and a penalty for the obvious. It guides; the real protection is Argon2id and the
// attempt limit.
#pragma once

#include <QString>

namespace faltlogg::client {

constexpr int kMinimumPassphraseLength = 8;

int passphraseStrength(const QString& passphrase);

}  // namespace faltlogg::client
