#include "models/sync_status.hpp"

#include <QLocale>

namespace faltlogg::client {

SyncStatus::SyncStatus(QObject* parent) : QObject(parent) {}

SyncStatus::State SyncStatus::state() const {
  if (syncing_) return State::Syncing;
  if (!error_.isEmpty()) return State::Error;
  if (offline_) return State::Offline;
  if (pending_ > 0) return State::Waiting;
  return lastSuccess_.isValid() ? State::Synced : State::NeverSynced;
}

QString SyncStatus::headline() const {
  switch (state()) {
    case State::Syncing: return tr("Synkar …");
    case State::Error: return tr("Synken misslyckades");
    case State::Offline: return pending_ > 0 ? tr("Offline – %n väntar", nullptr, pending_) : tr("Offline");
    case State::Waiting: return tr("%n väntar på synk", nullptr, pending_);
    case State::Synced:
      return tr("Synkad ✓ %1").arg(QLocale().toString(lastSuccess_.toLocalTime().time(), QStringLiteral("HH:mm")));
    case State::NeverSynced: return tr("Inte synkad än");
  }
  return {};
}

QString SyncStatus::advice() const {
  switch (state()) {
    case State::Error: return error_;
    case State::Offline: return tr("Allt är sparat på surfplattan och skickas när nätet är tillbaka.");
    default:
      return needsCorrection_ > 0 ? tr("%n registrering(ar) behöver rättas.", nullptr, needsCorrection_) : QString{};
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

void SyncStatus::clearError() {
  if (error_.isEmpty()) return;
  error_.clear();
  emit changed();
}

}  // namespace faltlogg::client
