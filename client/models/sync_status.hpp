// SyncStatus: what the always-visible sync bar says — synced ✓ time / N waiting / offline / error with
// what to do. The Session feeds it from the store's counts and the sync engine's state; QML only shows it.
#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace faltlogg::client {

class SyncStatus : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("Owned by the Session")
  Q_PROPERTY(State state READ state NOTIFY changed)
  Q_PROPERTY(int pendingCount READ pendingCount NOTIFY changed)
  Q_PROPERTY(int needsCorrectionCount READ needsCorrectionCount NOTIFY changed)
  Q_PROPERTY(QString headline READ headline NOTIFY changed)
  Q_PROPERTY(QString advice READ advice NOTIFY changed)
  Q_PROPERTY(bool busy READ busy NOTIFY changed)
  // "senast skickat hh:mm" (with the date when not today): shown in every state, so a worker always knows
  // how old the server's copy is.
  Q_PROPERTY(QString lastSent READ lastSent NOTIFY changed)

 public:
  enum class State { NeverSynced, Synced, Waiting, Syncing, Offline, Error };
  Q_ENUM(State)

  explicit SyncStatus(QObject* parent = nullptr);

  State state() const;
  int pendingCount() const { return pending_; }
  int needsCorrectionCount() const { return needsCorrection_; }
  bool busy() const { return syncing_; }
  QString headline() const;
  QString advice() const;
  QString lastSent() const;

  void setCounts(int pending, int needsCorrection);
  void setSyncing(bool syncing);
  void setLastSuccess(const QDateTime& when);
  // Offline is not an error: nothing to do but wait. An error carries what the user can do about it.
  void setOffline(bool offline);
  void setError(const QString& advice);
  void clearError();
  // The store's file was changed outside the app (decision 0093): shown before anything else the bar has
  // to say, until the next unlock finds the file in order. Empty clears it.
  void setIntegrityWarning(const QString& advice);
  // Re-emits so texts are rebuilt after a language switch.
  void retranslate() { emit changed(); }

 signals:
  void changed();

 private:
  QString lastSentText() const;

  int pending_ = 0;
  int needsCorrection_ = 0;
  bool syncing_ = false;
  bool offline_ = false;
  QString error_;
  QString integrityWarning_;
  QDateTime lastSuccess_;
};

}  // namespace faltlogg::client
