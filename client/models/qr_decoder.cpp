#include "models/qr_decoder.hpp"

#include <QVideoFrame>
#include <QVideoFrameFormat>

#include <algorithm>

// text() as UTF-8 std::string (zxing-cpp 1.4 still defaults to std::wstring).
#define ZX_USE_UTF8 1
#include <ZXing/DecodeHints.h>
#include <ZXing/ReadBarcode.h>

namespace faltlogg::client {

namespace {

QImage grayscaleForDecoding(const QImage& image) {
  QImage gray = image;
  if (gray.width() > kMaxDecodeEdge || gray.height() > kMaxDecodeEdge) {
    gray = gray.scaled(kMaxDecodeEdge, kMaxDecodeEdge, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  }
  return gray.convertToFormat(QImage::Format_Grayscale8);
}

// Copies every `step`-th byte of `rows` rows, from `offset`: the Y samples of a plane or a packed format.
QImage copyLuma(const uchar* bits, int bytesPerLine, int width, int height, int offset, int step) {
  QImage gray(width, height, QImage::Format_Grayscale8);
  for (int y = 0; y < height; ++y) {
    const uchar* from = bits + qsizetype(y) * bytesPerLine + offset;
    uchar* to = gray.scanLine(y);
    for (int x = 0; x < width; ++x) to[x] = from[qsizetype(x) * step];
  }
  return gray;
}

ZXing::Result decode(const QImage& gray) {
  const ZXing::ImageView view(gray.constBits(), gray.width(), gray.height(), ZXing::ImageFormat::Lum,
                              int(gray.bytesPerLine()));
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  hints.setTryHarder(true);
  hints.setTryRotate(true);
  return ZXing::ReadBarcode(view, hints);
}

}  // namespace

QImage lumaOfFrame(const QVideoFrame& source) {
  QVideoFrame frame = source;  // shared; mapping a copy leaves the viewfinder's frame alone
  if (!frame.isValid() || !frame.map(QVideoFrame::ReadOnly)) return {};
  const int width = frame.width();
  const int height = frame.height();
  QImage luma;
  switch (frame.pixelFormat()) {
    case QVideoFrameFormat::Format_YUV420P:
    case QVideoFrameFormat::Format_YUV422P:
    case QVideoFrameFormat::Format_YV12:
    case QVideoFrameFormat::Format_NV12:
    case QVideoFrameFormat::Format_NV21:
    case QVideoFrameFormat::Format_IMC1:
    case QVideoFrameFormat::Format_IMC2:
    case QVideoFrameFormat::Format_IMC3:
    case QVideoFrameFormat::Format_IMC4:
    case QVideoFrameFormat::Format_Y8:
      luma = copyLuma(frame.bits(0), frame.bytesPerLine(0), width, height, 0, 1);
      break;
    case QVideoFrameFormat::Format_YUYV:
      luma = copyLuma(frame.bits(0), frame.bytesPerLine(0), width, height, 0, 2);
      break;
    case QVideoFrameFormat::Format_UYVY:
      luma = copyLuma(frame.bits(0), frame.bytesPerLine(0), width, height, 1, 2);
      break;
    case QVideoFrameFormat::Format_Y16:
    case QVideoFrameFormat::Format_P010:
    case QVideoFrameFormat::Format_P016:
    case QVideoFrameFormat::Format_YUV420P10:  // 16-bit little-endian samples: the high byte is enough
      luma = copyLuma(frame.bits(0), frame.bytesPerLine(0), width, height, 1, 2);
      break;
    default: {
      const QImage::Format format = QVideoFrameFormat::imageFormatFromPixelFormat(frame.pixelFormat());
      if (format != QImage::Format_Invalid) {
        luma = QImage(frame.bits(0), width, height, frame.bytesPerLine(0), format)
                   .convertToFormat(QImage::Format_Grayscale8);  // a deep copy, before unmap
      }
      break;
    }
  }
  frame.unmap();
  return luma;
}

QrReading readEnrolmentQr(const QImage& image) {
  if (image.isNull() || image.width() < 21 || image.height() < 21) return {};  // smaller than one QR code
  const QImage gray = grayscaleForDecoding(image);
  ZXing::Result result = decode(gray);
  // Speckle from a dim room's sensor noise breaks the binarizer's runs; half the size averages it away.
  if (!result.isValid() && std::min(gray.width(), gray.height()) >= 200) {
    result = decode(gray.scaled(gray.size() / 2, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
  }
  if (!result.isValid()) return {};
  const std::string utf8 = result.text();
  const QString text = QString::fromUtf8(utf8.data(), qsizetype(utf8.size())).trimmed();
  if (text.size() > kMaxEnrolmentLinkLength || !text.startsWith(QLatin1String("faltlogg://enrol?"), Qt::CaseInsensitive)) {
    return {QrOutcome::not_enrolment, {}};
  }
  return {QrOutcome::found, text};
}

}  // namespace faltlogg::client
