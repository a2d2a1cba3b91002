// QR codes for the scanner tests, made with libqrencode exactly as `faltlogg-admin enrol` makes them
// (server/admin/admin_enrol.cpp: version chosen by libqrencode, level M, 8-bit), and camera-like frames
// of them. Shared by tests/qml/unit/qr_decoder_test.cpp and the app-against-the-demo-server test.
#pragma once

#include <QImage>
#include <QPainter>
#include <QString>
#include <QVideoFrame>
#include <QVideoFrameFormat>

#include <qrencode.h>

#include <cstring>
#include <memory>

namespace faltlogg::client::testing {

// `module` pixels per module, with the standard 4-module quiet zone; black on white. Null if the text
// does not fit a QR code.
inline QImage makeQr(const QString& text, int module = 8) {
  const QByteArray utf8 = text.toUtf8();
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                  &QRcode_free);
  if (!code) return {};
  const int size = (code->width + 8) * module;
  QImage image(size, size, QImage::Format_RGB32);
  image.fill(Qt::white);
  QPainter painter(&image);
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      if ((code->data[y * code->width + x] & 1) != 0) {
        painter.fillRect((x + 4) * module, (y + 4) * module, module, module, Qt::black);
      }
    }
  }
  return image;
}

// The image as a camera frame in BGRA (what a QVideoSink hands on); invalid if it cannot be mapped.
inline QVideoFrame frameOf(const QImage& image) {
  const QImage argb = image.convertToFormat(QImage::Format_ARGB32);  // BGRA in memory on little-endian
  QVideoFrame frame(QVideoFrameFormat(argb.size(), QVideoFrameFormat::Format_BGRA8888));
  if (!frame.map(QVideoFrame::WriteOnly)) return {};
  for (int y = 0; y < argb.height(); ++y) {
    std::memcpy(frame.bits(0) + qsizetype(y) * frame.bytesPerLine(0), argb.constScanLine(y), size_t(argb.width()) * 4);
  }
  frame.unmap();
  return frame;
}

}  // namespace faltlogg::client::testing
