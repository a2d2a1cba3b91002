// QrScanner: reads the enrolment QR code from the camera's frames for the setup page ("Skanna QR-kod").
// QML gives it the VideoOutput's video sink; each frame that arrives while no decode is running is
// copied (a QVideoFrame is shared, not copied) to a worker thread, converted and decoded there
// (qr_decoder.hpp). The UI thread never converts or decodes a frame; frames arriving meanwhile are
// dropped, so a slow tablet decodes fewer frames instead of queueing them.
#pragma once

#include "models/qr_decoder.hpp"

#include <QCameraDevice>
#include <QMediaDevices>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QVideoFrame>
#include <QVideoSink>
#include <QtQml/qqmlregistration.h>

namespace faltlogg::client {

class QrScanner : public QObject {
  Q_OBJECT
  QML_ELEMENT
  // Whether this device has a camera at all: "Skanna QR-kod" shows only then.
  Q_PROPERTY(bool cameraAvailable READ cameraAvailable NOTIFY cameraAvailableChanged)
  Q_PROPERTY(QObject* videoSink READ videoSink WRITE setVideoSink NOTIFY videoSinkChanged)
  // What the scan view says under the picture (Swedish source, English through the catalogue).
  Q_PROPERTY(QString hint READ hint NOTIFY hintChanged)
  Q_PROPERTY(int framesDecoded READ framesDecoded NOTIFY hintChanged)

 public:
  explicit QrScanner(QObject* parent = nullptr);
  ~QrScanner() override;

  bool cameraAvailable() const { return !devices_.videoInputs().isEmpty(); }
  QObject* videoSink() const { return sink_; }
  void setVideoSink(QObject* sink);
  QString hint() const;
  int framesDecoded() const { return framesDecoded_; }
  // The text the setup page shows for an outcome (also for an image that holds no QR code at all).
  static QString describe(QrOutcome outcome);

 signals:
  void cameraAvailableChanged();
  void videoSinkChanged();
  void hintChanged();
  // An enrolment link was read: the page puts it where a typed or pasted link goes.
  void linkFound(const QString& link);

 private:
  void onFrame(const QVideoFrame& frame);
  void onDecoded(const QrReading& reading);

  QMediaDevices devices_;
  QPointer<QVideoSink> sink_;
  QMetaObject::Connection frameConnection_;
  QrOutcome lastOutcome_ = QrOutcome::no_code;
  bool decoding_ = false;
  bool found_ = false;
  int framesDecoded_ = 0;
  // Last member: destroyed (and waited for) first, while what its task reports back to still exists.
  QThreadPool worker_;
};

}  // namespace faltlogg::client
