#include "models/sync_status.hpp"

#include <QLocale>

namespace faltlogg::client {

SyncStatus::SyncStatus(QObject* parent) : QObject(parent) {}

SyncStatus::State SyncStatus::state() const {
  if (syncing_) return State::Syncing;
  if (!error_.isEmpty() || !integrityWarning_.isEmpty()) return State::Error;
  if (offline_) return State::Offline;
  if (pending_ > 0) return State::Waiting;
  return lastSuccess_.isValid() ? State::Synced : State::NeverSynced;
}

QString SyncStatus::headline() const {
  switch (state()) {
    case State::Syncing: return tr("Synkar …");
    case State::Error:
      return integrityWarning_.isEmpty() ? tr("Synken misslyckades") : tr("Filen har ändrats utanför appen");
    case State::Offline: return pending_ > 0 ? tr("Offline – %n väntar", nullptr, pending_) : tr("Offline");
    case State::Waiting: return tr("%n väntar på synk", nullptr, pending_);
    case State::Synced:
      return tr("Allt skickat ✓ senast %1").arg(lastSentText());
    case State::NeverSynced: return tr("Inte synkad än");
  }
  return {};
}

QString SyncStatus::lastSentText() const {
  if (!lastSuccess_.isValid()) return {};
  const QDateTime local = lastSuccess_.toLocalTime();
  const QString time = QLocale().toString(local.time(), QStringLiteral("HH:mm"));
  if (local.date() == QDate::currentDate()) return time;
  return QLocale().toString(local.date(), QStringLiteral("d/M")) + QLatin1Char(' ') + time;
}

QString SyncStatus::lastSent() const {
  return lastSuccess_.isValid() ? tr("senast skickat %1").arg(lastSentText()) : tr("inget skickat än");
}

QString SyncStatus::advice() const {
  switch (state()) {
    case State::Error: return integrityWarning_.isEmpty() ? error_ : integrityWarning_;
    case State::Offline:
      return pending_ > 0 ? tr("Sparat på surfplattan. Skickas av sig själv när servern går att nå.")
                          : tr("Allt är skickat. Det som sparas nu skickas av sig själv när servern går att nå.");
    default:
      if (needsCorrection_ == 1) return tr("1 registrering behöver rättas. Öppna den och se vad som saknas.");
      if (needsCorrection_ > 1) {
        return tr("%1 registreringar behöver rättas. Öppna dem och se vad som saknas.").arg(needsCorrection_);
      }
      return {};
  }
}

void SyncStatus::setCounts(int pending, int needsCorrection) {
  if (pending == pending_ && needsCorrection == needsCorrection_) return;
  pending_ = pending;
  needsCorrection_ = needsCorrection;
  emit changed();
}

void SyncStatus::setSyncing(bool syncing) {
  if (syncing == syncing_) return;
  syncing_ = syncing;
  emit changed();
}

void SyncStatus::setLastSuccess(const QDateTime& when) {
  lastSuccess_ = when;
  offline_ = false;
  error_.clear();
  emit changed();
}

void SyncStatus::setOffline(bool offline) {
  if (offline == offline_) return;
  offline_ = offline;
  if (offline) error_.clear();
  emit changed();
}

void SyncStatus::setError(const QString& advice) {
  error_ = advice.isEmpty() ? tr("Försök igen om en stund. Hjälper inte det, kontakta systemförvaltaren.") : advice;
  offline_ = false;
  emit changed();
}

void SyncStatus::setIntegrityWarning(const QString& advice) {
  if (advice == integrityWarning_) return;
  integrityWarning_ = advice;
  emit changed();
}

void SyncStatus::clearError() {
  if (error_.isEmpty()) return;
  error_.clear();
  emit changed();
}

}  // namespace faltlogg::client
