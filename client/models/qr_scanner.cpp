#include "models/qr_scanner.hpp"

#include <QImage>

namespace faltlogg::client {

QrScanner::QrScanner(QObject* parent) : QObject(parent) {
  worker_.setMaxThreadCount(1);
  connect(&devices_, &QMediaDevices::videoInputsChanged, this, &QrScanner::cameraAvailableChanged);
}

QrScanner::~QrScanner() {
  disconnect(frameConnection_);
  worker_.waitForDone();
}

void QrScanner::setVideoSink(QObject* sink) {
  auto* videoSink = qobject_cast<QVideoSink*>(sink);
  if (videoSink == sink_) return;
  disconnect(frameConnection_);
  sink_ = videoSink;
  found_ = false;
  if (sink_ != nullptr) {
    frameConnection_ = connect(sink_, &QVideoSink::videoFrameChanged, this, &QrScanner::onFrame);
  }
  emit videoSinkChanged();
}

void QrScanner::onFrame(const QVideoFrame& frame) {
  if (decoding_ || found_ || !frame.isValid()) return;
  decoding_ = true;
  worker_.start([this, frame]() {
    // Mapped, converted and decoded here, on the worker; the UI thread only passed the shared frame on.
    QrReading reading = readEnrolmentQr(lumaOfFrame(frame));
    // Queued to the scanner's thread; the destructor waits for this task, so `this` is alive here.
    QMetaObject::invokeMethod(this, [this, reading]() { onDecoded(reading); }, Qt::QueuedConnection);
  });
}

void QrScanner::onDecoded(const QrReading& reading) {
  decoding_ = false;
  ++framesDecoded_;
  const bool changed = reading.outcome != lastOutcome_;
  lastOutcome_ = reading.outcome;
  if (changed || framesDecoded_ == 1) emit hintChanged();
  if (reading.outcome == QrOutcome::found && !found_) {
    found_ = true;  // one link per scan: later frames of the same code are ignored
    emit linkFound(reading.text);
  }
}

QString QrScanner::hint() const {
  return lastOutcome_ == QrOutcome::not_enrolment ? describe(QrOutcome::not_enrolment)
                                                  : tr("Håll QR-koden från teamledaren inom rutan.");
}

QString QrScanner::describe(QrOutcome outcome) {
  switch (outcome) {
    case QrOutcome::found:
      return tr("QR-koden är läst.");
    case QrOutcome::not_enrolment:
      return tr("Det här är inte en QR-kod från Fältlogg. Skanna koden som teamledaren visar, eller skriv koden.");
    case QrOutcome::no_code:
      break;
  }
  return tr("Ingen QR-kod hittades i bilden. Håll koden stilla och helt inom rutan, i bra ljus, eller skriv koden.");
}

}  // namespace faltlogg::client
