// Reads the enrolment QR code (PROTOCOL.md: faltlogg://enrol?server=…&code=…&pin=…) from one camera frame
// or image with libzxing. Pure and thread-safe: the scanner calls it on a worker thread, never on the UI
// thread, and tests call it on generated images.
#pragma once

#include <QImage>
#include <QString>

class QVideoFrame;

namespace faltlogg::client {

enum class QrOutcome {
  found,          // an enrolment link; text holds it
  no_code,        // no QR code could be read (the usual answer for a camera frame)
  not_enrolment,  // a QR code, but not a Fältlogg enrolment link (text holds nothing)
};

struct QrReading {
  QrOutcome outcome = QrOutcome::no_code;
  QString text;
};

// Longest text accepted from a code: an enrolment link is ~150 characters; anything near a QR code's
// capacity is not one and is not handed to the setup page.
inline constexpr int kMaxEnrolmentLinkLength = 1024;
// Larger images are scaled down first, so a 12-megapixel photo costs what a viewfinder frame does.
inline constexpr int kMaxDecodeEdge = 1600;

QrReading readEnrolmentQr(const QImage& image);

// The brightness of a camera frame as an 8-bit grey image: the Y plane of the YUV formats cameras send
// (no colour conversion needed for a QR code), RGB formats converted on the CPU. Null if the frame
// cannot be mapped. Runs on the scanner's worker thread (no GPU, no GUI-thread objects).
QImage lumaOfFrame(const QVideoFrame& frame);

}  // namespace faltlogg::client
