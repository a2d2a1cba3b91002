// The enrolment link and the typed code: what a QR code, a paste or a person may hand the tablet.
#include "sync/enrol_link.hpp"

#include <QCryptographicHash>

#include <gtest/gtest.h>

namespace faltlogg::client {
namespace {

const QString kPin = QStringLiteral("sha256/") + QString(43, QLatin1Char('A'));

QString link(const QString& server, const QString& code, const QString& pin = kPin) {
  return QStringLiteral("faltlogg://enrol?server=%1&code=%2&pin=%3")
      .arg(QString::fromLatin1(QUrl::toPercentEncoding(server)), code, QString::fromLatin1(QUrl::toPercentEncoding(pin)));
}

TEST(EnrolLink, AFullLinkGivesServerCodeAndPin) {
  auto parsed = parseEnrolInput(link(QStringLiteral("https://faltlogg.example:8443"), QStringLiteral("K7QM3XPR2D")));
  ASSERT_TRUE(parsed) << parsed.problem().detail;
  EXPECT_EQ(parsed->server, QUrl(QStringLiteral("https://faltlogg.example:8443")));
  EXPECT_EQ(parsed->code, QStringLiteral("K7QM3XPR2D"));
  EXPECT_EQ(parsed->pinSha256, QByteArray(32, '\0'));
}

TEST(EnrolLink, APastedLinkWithAnAddressAndPort) {
  auto parsed = parseEnrolInput(QStringLiteral("faltlogg://enrol?server=https%3A%2F%2F127.0.0.1%3A9&code=K7QM3XPR2D&pin=sha256%2F") +
                                QString(43, QLatin1Char('A')));
  ASSERT_TRUE(parsed) << parsed.problem().detail;
  EXPECT_EQ(parsed->server.port(), 9);
}

TEST(EnrolLink, ATypedCodeIsUpperCasedAndLookalikesAreRead) {
  EXPECT_EQ(normalizeEnrolCode(QStringLiteral("k7qm-3xpr-2d")), QStringLiteral("K7QM3XPR2D"));
  EXPECT_EQ(normalizeEnrolCode(QStringLiteral(" ABCD EFGH oi ")), QStringLiteral("ABCDEFGH01"));
  auto parsed = parseEnrolInput(QStringLiteral("k7qm 3xpr 2d"));
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->server.isEmpty());
  EXPECT_TRUE(parsed->pinSha256.isEmpty());
}

TEST(EnrolLink, MalformedCodesAreRefused) {
  for (const char* bad : {"", "K7QM3XPR2", "K7QM3XPR2DX", "K7QM3XPR2U", "K7QM3XPR2Ä", "K7QM3XPR2!", "<script>"}) {
    auto parsed = parseEnrolInput(QString::fromUtf8(bad));
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.problem().code, "invalid_code") << bad;
  }
}

TEST(EnrolLink, HostileLinksAreRefused) {
  const QString code = QStringLiteral("K7QM3XPR2D");
  const QStringList bad = {
      link(QStringLiteral("http://faltlogg.example"), code),           // not https
      link(QStringLiteral("https://user:pw@faltlogg.example"), code),  // credentials in the URL
      link(QStringLiteral("https://"), code),                          // no host
      link(QStringLiteral("https://faltlogg.example"), code, QStringLiteral("sha256/short")),
      link(QStringLiteral("https://faltlogg.example"), code, QStringLiteral("md5/") + QString(43, QLatin1Char('A'))),
      link(QStringLiteral("https://faltlogg.example"), code, QString()),
      QStringLiteral("faltlogg://other?server=https%3A%2F%2Fx&code=K7QM3XPR2D&pin=") + kPin,
      QStringLiteral("https://faltlogg.example/enrol?code=K7QM3XPR2D"),
      QStringLiteral("faltlogg://enrol?") + QString(5000, QLatin1Char('a')),
  };
  for (const auto& text : bad) EXPECT_FALSE(parseEnrolInput(text)) << text.left(120).toStdString();
  auto badCode = parseEnrolInput(link(QStringLiteral("https://faltlogg.example"), QStringLiteral("SHORT")));
  ASSERT_FALSE(badCode);
  EXPECT_EQ(badCode.problem().code, "invalid_code");
}

TEST(EnrolLink, PinsRoundTripAndMatchTheCertificatesKey) {
  const QByteArray hash = QCryptographicHash::hash("key", QCryptographicHash::Sha256);
  EXPECT_EQ(parsePin(formatPin(hash)), hash);
  EXPECT_EQ(parsePin(formatPin(hash) + QStringLiteral("=")), hash) << "padding is optional";
  EXPECT_TRUE(parsePin(QStringLiteral("sha256/!!!")).isEmpty());
}

}  // namespace
}  // namespace faltlogg::client
