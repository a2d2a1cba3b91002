#include "sync/enrol_link.hpp"

#include <QCryptographicHash>
#include <QSslKey>
#include <QUrlQuery>

namespace faltlogg::client {

namespace {

constexpr int kCodeLength = 10;
constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

core::Problem linkProblem(std::string code, std::string detail) {
  return core::make_problem(std::move(code), 400, "Invalid enrolment", std::move(detail));
}

}  // namespace

QString normalizeEnrolCode(const QString& typed) {
  QString code;
  for (QChar c : typed) {
    if (c.isSpace() || c == QLatin1Char('-')) continue;
    c = c.toUpper();
    if (c == QLatin1Char('O')) c = QLatin1Char('0');
    if (c == QLatin1Char('I') || c == QLatin1Char('L')) c = QLatin1Char('1');
    if (c.unicode() > 127 || kCrockford.find(char(c.unicode())) == std::string_view::npos) return {};
    code += c;
  }
  return code.size() == kCodeLength ? code : QString();
}

QByteArray parsePin(const QString& pin) {
  if (!pin.startsWith(QLatin1String("sha256/"))) return {};
  QByteArray encoded = pin.mid(7).toLatin1();
  while (encoded.endsWith('=')) encoded.chop(1);
  // Qt's strict decoder wants whole groups of four: pad what the link may leave out.
  while (encoded.size() % 4 != 0) encoded.append('=');
  auto decoded = QByteArray::fromBase64Encoding(
      encoded, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
  if (!decoded || decoded.decoded.size() != 32) return {};
  return decoded.decoded;
}

QString formatPin(const QByteArray& sha256) {
  return QStringLiteral("sha256/") +
         QString::fromLatin1(sha256.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray spkiSha256(const QSslCertificate& certificate) {
  // QSslKey::toDer of a public key is the SubjectPublicKeyInfo (the "PUBLIC KEY" PEM block's content).
  return QCryptographicHash::hash(certificate.publicKey().toDer(), QCryptographicHash::Sha256);
}

core::Result<EnrolLink> parseEnrolInput(const QString& text) {
  const QString trimmed = text.trimmed();
  if (trimmed.size() > 2048) return linkProblem("invalid_link", "the link is too long");
  if (!trimmed.startsWith(QLatin1String("faltlogg:"), Qt::CaseInsensitive)) {
    const QString code = normalizeEnrolCode(trimmed);
    if (code.isEmpty()) return linkProblem("invalid_code", "a code has 10 letters and digits");
    return EnrolLink{{}, code, {}};
  }
  const QUrl url(trimmed, QUrl::StrictMode);
  if (!url.isValid() || url.scheme().compare(QLatin1String("faltlogg"), Qt::CaseInsensitive) != 0 ||
      url.host().compare(QLatin1String("enrol"), Qt::CaseInsensitive) != 0) {
    return linkProblem("invalid_link", "not a faltlogg://enrol link");
  }
  const QUrlQuery query(url);
  const QUrl server(query.queryItemValue(QStringLiteral("server"), QUrl::FullyDecoded), QUrl::StrictMode);
  if (!server.isValid() || server.scheme() != QLatin1String("https") || server.host().isEmpty() ||
      !server.userInfo().isEmpty() || server.hasFragment()) {
    return linkProblem("invalid_link", "the link names no https server");
  }
  const QString code = normalizeEnrolCode(query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded));
  if (code.isEmpty()) return linkProblem("invalid_code", "the link's code is malformed");
  const QByteArray pin = parsePin(query.queryItemValue(QStringLiteral("pin"), QUrl::FullyDecoded));
  if (pin.isEmpty()) return linkProblem("invalid_link", "the link's server key (pin) is malformed");
  return EnrolLink{server, code, pin};
}

}  // namespace faltlogg::client
