// What a tablet is set up from: the enrolment link of a QR code or a paste
// (faltlogg://enrol?server=<https URL>&code=<code>&pin=sha256/<base64url SHA-256 of the server's SPKI>), or a
// code typed by hand. PROTOCOL.md "Enrolment of a tablet".
#pragma once

#include "faltlogg/core/result.hpp"

#include <QByteArray>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

namespace faltlogg::client {

struct EnrolLink {
  QUrl server;           // empty when only a code was typed
  QString code;          // 10 Crockford base32 characters, upper case
  QByteArray pinSha256;  // 32 bytes; empty when only a code was typed
};

// Accepts the full link or a bare code ("abcd-efgh-jk", spaces and dashes ignored, Crockford's lookalikes
// O→0 and I/L→1 read as the digits they stand for). Problem codes: invalid_link, invalid_code.
core::Result<EnrolLink> parseEnrolInput(const QString& text);
// The code as it is sent: upper case, no separators, lookalikes mapped; empty if it is not 10 valid characters.
QString normalizeEnrolCode(const QString& typed);
// "sha256/<base64url>" (padding optional) → 32 bytes; empty if malformed.
QByteArray parsePin(const QString& pin);
QString formatPin(const QByteArray& sha256);
// SHA-256 of the certificate's SubjectPublicKeyInfo (DER), the value a pin names.
QByteArray spkiSha256(const QSslCertificate& certificate);

}  // namespace faltlogg::client
