// "Skanna QR-kod" without a camera (there is none on the build machine): QR codes made with libqrencode
// exactly as `faltlogg-admin enrol` makes them, holding the real enrolment link, are read back by the
// app's decoder — straight, rotated, scaled, noisy, inside a large photo — and through a real QVideoSink
// into the QrScanner as camera frames would arrive. Images without a QR code and codes that are not
// Fältlogg's give the scan view's Swedish texts. The decoded link goes the same way as a typed one.
#include "models/qr_decoder.hpp"
#include "models/qr_scanner.hpp"
#include "models/session.hpp"
#include "qr_test_images.hpp"

#include <QGuiApplication>
#include <QPainter>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QTemporaryDir>
#include <QTransform>
#include <QVideoFrame>
#include <QVideoFrameFormat>
#include <QVideoSink>

#include <gtest/gtest.h>

#include <functional>
#include <memory>

namespace faltlogg::client {
namespace {

using testing::frameOf;
using testing::makeQr;

// The link format of PROTOCOL.md, as the server's admin tool prints it.
const QString kLink = QStringLiteral(
    "faltlogg://enrol?server=https%3A%2F%2Ffaltlogg.example.se%3A8443&code=K7QM3XPR2D"
    "&pin=sha256%2FpQ3mXy0b4d1Zr8VtLk2NwS7eFhJcA9uGiYoT5nBvR6E");

QImage rotated(const QImage& image, double degrees) {
  QImage turned = image.transformed(QTransform().rotate(degrees), Qt::SmoothTransformation);
  QImage flat(turned.size(), QImage::Format_RGB32);
  flat.fill(Qt::white);  // the corners a rotation opens are white, not transparent black
  QPainter(&flat).drawImage(0, 0, turned);
  return flat;
}

// Salt-and-pepper on `share` of the pixels and a grey jitter on all, as a poor camera gives.
QImage noisy(QImage image, double share, int jitter, quint32 seed) {
  QRandomGenerator random(seed);
  image = image.convertToFormat(QImage::Format_RGB32);
  for (int y = 0; y < image.height(); ++y) {
    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < image.width(); ++x) {
      int grey = qGray(line[x]) + int(random.bounded(2 * jitter + 1)) - jitter;
      if (random.generateDouble() < share) grey = random.bounded(2) == 0 ? 0 : 255;
      grey = std::clamp(grey, 0, 255);
      line[x] = qRgb(grey, grey, grey);
    }
  }
  return image;
}

// Runs the event loop until done() or 10 s have passed.
bool waitUntil(const std::function<bool()>& done, int timeoutMs = 10000) { return QTest::qWaitFor(done, timeoutMs); }

TEST(QrDecoder, ReadsTheEnrolmentLinkAsTheAdminToolEncodesIt) {
  const QImage qr = makeQr(kLink);
  ASSERT_FALSE(qr.isNull());
  const QrReading reading = readEnrolmentQr(qr);
  EXPECT_EQ(reading.outcome, QrOutcome::found);
  EXPECT_EQ(reading.text, kLink);
}

TEST(QrDecoder, ReadsRotatedCodes) {
  const QImage qr = makeQr(kLink, 6);
  for (const double degrees : {90.0, 180.0, 270.0, 12.0, -33.0, 45.0}) {
    const QrReading reading = readEnrolmentQr(rotated(qr, degrees));
    EXPECT_EQ(reading.outcome, QrOutcome::found) << degrees << "°";
    EXPECT_EQ(reading.text, kLink) << degrees << "°";
  }
}

TEST(QrDecoder, ReadsSmallLargeAndUnevenlyScaledCodes) {
  const QImage qr = makeQr(kLink, 10);
  for (const double factor : {0.3, 0.47, 1.9, 3.3}) {  // 3 px to 33 px per module, most not whole pixels
    const QImage scaled = qr.scaled(qr.size() * factor, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    EXPECT_EQ(readEnrolmentQr(scaled).text, kLink) << "scale " << factor;
  }
  // Squeezed as a tilted tablet sees it: 20 % narrower than high.
  const QImage squeezed = qr.scaled(int(qr.width() * 0.8), qr.height(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
  EXPECT_EQ(readEnrolmentQr(squeezed).text, kLink);
}

TEST(QrDecoder, ReadsNoisyAndDimCodes) {
  const QImage qr = makeQr(kLink, 7);
  EXPECT_EQ(readEnrolmentQr(noisy(qr, 0.03, 40, 1)).text, kLink) << "3 % salt and pepper, ±40 grey";
  EXPECT_EQ(readEnrolmentQr(noisy(qr, 0.0, 60, 2)).text, kLink) << "±60 grey";
  // A dim room: dark grey on mid grey.
  QImage dim = qr.convertToFormat(QImage::Format_RGB32);
  for (int y = 0; y < dim.height(); ++y) {
    auto* line = reinterpret_cast<QRgb*>(dim.scanLine(y));
    for (int x = 0; x < dim.width(); ++x) line[x] = qGray(line[x]) < 128 ? qRgb(60, 60, 60) : qRgb(140, 140, 140);
  }
  EXPECT_EQ(readEnrolmentQr(dim).text, kLink);
}

TEST(QrDecoder, FindsTheCodeInALargePhoto) {
  // A 12-megapixel picture with the code off-centre in a busy background: scaled down before decoding.
  QImage photo(4000, 3000, QImage::Format_RGB32);
  QPainter painter(&photo);
  QLinearGradient gradient(0, 0, 4000, 3000);
  gradient.setColorAt(0, QColor(200, 180, 150));
  gradient.setColorAt(1, QColor(60, 70, 90));
  painter.fillRect(photo.rect(), gradient);
  painter.drawImage(2500, 600, makeQr(kLink, 14));
  painter.end();
  EXPECT_EQ(readEnrolmentQr(photo).text, kLink);
}

TEST(QrDecoder, AnImageWithoutACodeSaysSoInSwedish) {
  QImage noise(640, 480, QImage::Format_RGB32);
  noise.fill(Qt::white);
  noise = noisy(noise, 0.5, 0, 3);
  QImage text(640, 480, QImage::Format_RGB32);
  text.fill(Qt::white);
  {
    QPainter painter(&text);
    painter.setFont(QFont(QStringLiteral("Sans"), 28));
    painter.drawText(text.rect(), Qt::AlignCenter, QStringLiteral("faltlogg://enrol?code=K7QM3XPR2D"));
  }
  QImage half = makeQr(kLink, 8);
  half = half.copy(0, 0, half.width() / 2, half.height());  // a code cut in half is no code
  for (const QImage& image : {noise, text, half, QImage(), QImage(10, 10, QImage::Format_RGB32)}) {
    const QrReading reading = readEnrolmentQr(image);
    EXPECT_EQ(reading.outcome, QrOutcome::no_code);
    EXPECT_TRUE(reading.text.isEmpty());
  }
  const QString message = QrScanner::describe(QrOutcome::no_code);
  EXPECT_TRUE(message.startsWith(QStringLiteral("Ingen QR-kod hittades"))) << message.toStdString();
  EXPECT_TRUE(message.contains(QStringLiteral("skriv koden"))) << "it says what to do instead";
}

TEST(QrDecoder, AnotherCodeIsNotTakenForAnEnrolment) {
  for (const QString& text : {QStringLiteral("https://www.stockholm.se/"), QStringLiteral("WIFI:S:kontoret;T:WPA;P:x;;"),
                              QStringLiteral("faltlogg://enrol?code=") + QString(1200, QLatin1Char('A'))}) {
    const QrReading reading = readEnrolmentQr(makeQr(text, 3));
    EXPECT_EQ(reading.outcome, QrOutcome::not_enrolment) << text.left(40).toStdString();
    EXPECT_TRUE(reading.text.isEmpty()) << "nothing of it reaches the setup page";
  }
  EXPECT_TRUE(QrScanner::describe(QrOutcome::not_enrolment).contains(QStringLiteral("inte en QR-kod från Fältlogg")));
}

TEST(QrDecoder, TheDecodedLinkFillsTheSameEnrolmentAsTheTypedOne) {
  QTemporaryDir dir;
  SessionOptions options;
  options.dataDirectory = (dir.path() + QStringLiteral("/store")).toStdString();
  Session session(options);  // a new tablet: no store, no server known yet
  const QrReading reading = readEnrolmentQr(rotated(makeQr(kLink, 5), 20));
  ASSERT_EQ(reading.outcome, QrOutcome::found);
  const QVariantMap scanned = session.checkEnrolInput(reading.text);
  const QVariantMap pasted = session.checkEnrolInput(kLink);
  EXPECT_TRUE(scanned.value("ok").toBool()) << scanned.value("error").toString().toStdString();
  EXPECT_EQ(scanned, pasted);
  EXPECT_EQ(scanned.value("code").toString(), QStringLiteral("K7QM3XPR2D"));
  EXPECT_EQ(scanned.value("server").toString(), QStringLiteral("https://faltlogg.example.se:8443"));
  // The code typed by hand from the same QR code is the same code.
  EXPECT_EQ(session.checkEnrolInput(QStringLiteral("k7qm3-xpr2d")).value("code"), scanned.value("code"));
}

TEST(QrScanner, ReadsFramesArrivingAtItsVideoSink) {
  QVideoSink sink;
  QrScanner scanner;
  scanner.setVideoSink(&sink);
  QSignalSpy found(&scanner, &QrScanner::linkFound);

  QImage blank(640, 480, QImage::Format_RGB32);
  blank.fill(Qt::lightGray);
  sink.setVideoFrame(frameOf(blank));
  ASSERT_TRUE(waitUntil([&] { return scanner.framesDecoded() >= 1; }));
  EXPECT_EQ(found.count(), 0);
  EXPECT_TRUE(scanner.hint().startsWith(QStringLiteral("Håll QR-koden"))) << scanner.hint().toStdString();

  sink.setVideoFrame(frameOf(makeQr(QStringLiteral("https://www.stockholm.se/"), 6)));
  ASSERT_TRUE(waitUntil([&] { return scanner.framesDecoded() >= 2; }));
  EXPECT_EQ(found.count(), 0);
  EXPECT_TRUE(scanner.hint().contains(QStringLiteral("inte en QR-kod från Fältlogg"))) << scanner.hint().toStdString();

  const QVideoFrame qrFrame = frameOf(rotated(makeQr(kLink, 6), 8));
  ASSERT_TRUE(qrFrame.isValid());
  sink.setVideoFrame(qrFrame);
  ASSERT_TRUE(waitUntil([&] { return found.count() == 1; }));
  EXPECT_EQ(found.first().first().toString(), kLink);
  // The same code in the following frames is not reported again.
  const int decoded = scanner.framesDecoded();
  sink.setVideoFrame(frameOf(makeQr(kLink, 7)));
  waitUntil([] { return false; }, 300);
  EXPECT_EQ(found.count(), 1);
  EXPECT_EQ(scanner.framesDecoded(), decoded);
}

TEST(QrScanner, TakesTheLumaPlaneOfCameraFormats) {
  // An NV12 frame (what most cameras send): only its Y plane holds the picture the decoder needs.
  const QImage gray = makeQr(kLink, 6).convertToFormat(QImage::Format_Grayscale8);
  const int width = gray.width() & ~1;
  const int height = gray.height() & ~1;
  QVideoFrame frame(QVideoFrameFormat(QSize(width, height), QVideoFrameFormat::Format_NV12));
  ASSERT_TRUE(frame.map(QVideoFrame::WriteOnly));
  for (int y = 0; y < height; ++y) std::memcpy(frame.bits(0) + qsizetype(y) * frame.bytesPerLine(0), gray.constScanLine(y), size_t(width));
  std::memset(frame.bits(1), 128, size_t(frame.mappedBytes(1)));
  frame.unmap();
  const QImage luma = lumaOfFrame(frame);
  ASSERT_EQ(luma.size(), QSize(width, height));
  EXPECT_EQ(readEnrolmentQr(luma).text, kLink);
  EXPECT_TRUE(lumaOfFrame(QVideoFrame()).isNull()) << "an invalid frame gives nothing, not a crash";
}

}  // namespace
}  // namespace faltlogg::client
