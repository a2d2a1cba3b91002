#include "models/passphrase_strength.hpp"

#include <QSet>
#include <QStringList>

namespace faltlogg::client {

namespace {

bool isObvious(const QString& lower) {
  static const QStringList obvious{QStringLiteral("password"), QStringLiteral("lösenord"), QStringLiteral("losenord"),
                                   QStringLiteral("qwerty"),   QStringLiteral("123456"),   QStringLiteral("fältlogg"),
                                   QStringLiteral("faltlogg"), QStringLiteral("stockholm")};
  for (const auto& word : obvious) {
    if (lower.contains(word)) return true;
  }
  return false;
}

}  // namespace

int passphraseStrength(const QString& passphrase) {
  if (passphrase.size() < kMinimumPassphraseLength) return 0;
  const QString lower = passphrase.toLower();
  if (isObvious(lower)) return 0;
  QSet<QChar> distinct(passphrase.begin(), passphrase.end());
  if (distinct.size() < 5) return 0;
  int classes = 0;
  bool letters = false, digits = false, spaces = false, others = false, upper = false;
  for (QChar c : passphrase) {
    letters |= c.isLower();
    upper |= c.isUpper();
    digits |= c.isDigit();
    spaces |= c.isSpace();
    others |= !c.isLetterOrNumber() && !c.isSpace();
  }
  classes = int(letters) + int(upper) + int(digits) + int(spaces) + int(others);
  // Length counts most: a few ordinary words beat a short jumble.
  int score = passphrase.size() >= 20 ? 3 : passphrase.size() >= 14 ? 2 : 1;
  if (classes >= 3) ++score;
  return std::min(score, 4);
}

}  // namespace faltlogg::client
