// Session: first-start login, the sync bar and "Synka nu", wired to the client core's SyncEngine.
#include "models/demo_data.hpp"
#include "models/draft_values.hpp"
#include "models/session.hpp"
#include "sync/server_api.hpp"
#include "sync/sync_engine.hpp"

#include <QSysInfo>
#include <QUrl>

namespace faltlogg::client {

namespace {

// Where the server is and which CA it must chain to: not secret, needed before the first unlock.
constexpr std::string_view kServerUrlKey = "server.url";
constexpr std::string_view kCaFileKey = "server.ca_file";

}  // namespace

core::Status Session::connectSyncEngine() {
  syncEngine_.reset();
  api_.reset();
  auto url = store_->metaValue(kServerUrlKey);
  auto ca = store_->metaValue(kCaFileKey);
  if (!url || !url.value() || !ca || !ca.value()) {
    return core::make_problem("not_configured", 0, "No server", "no server configured on this tablet");
  }
  api_ = std::make_unique<ServerApi>(QUrl(qs(*url.value())), qs(*ca.value()));
  if (auto status = api_->configure(); !status) {
    api_.reset();
    return status;
  }
  syncEngine_ = std::make_unique<SyncEngine>(*store_, *api_);
  auto* engine = syncEngine_.get();
  connect(engine, &SyncEngine::stateChanged, this, &Session::updateSyncStatus);
  connect(engine, &SyncEngine::errorChanged, this, &Session::updateSyncStatus);
  connect(engine, &SyncEngine::pendingCountChanged, this, &Session::updateSyncStatus);
  connect(engine, &SyncEngine::lastSuccessChanged, this, &Session::updateSyncStatus);
  connect(engine, &SyncEngine::finished, this, [this](bool) { refresh(); });
  connect(engine, &SyncEngine::storeWiped, this, [this]() {
    lockMessage_ = tr("Den här surfplattan har spärrats av administratören och datan är raderad.");
    QMetaObject::invokeMethod(this, &Session::signOut, Qt::QueuedConnection);
    emit lockStateChanged();
  });
  updateSyncStatus();
  return core::Ok{};
}

void Session::updateSyncStatus() {
  if (!syncEngine_) return;
  const auto state = syncEngine_->state();
  sync_->setSyncing(state == SyncEngine::State::Syncing);
  if (syncEngine_->lastSuccess().isValid()) sync_->setLastSuccess(syncEngine_->lastSuccess());
  sync_->setOffline(state == SyncEngine::State::Offline);
  if (state == SyncEngine::State::Error) {
    sync_->setError(english() ? syncEngine_->errorMessageEn() : syncEngine_->errorMessage());
  } else {
    sync_->clearError();
  }
  sync_->setCounts(syncEngine_->pendingCount(), syncEngine_->needsCorrectionCount());
}

void Session::syncNow() {
  if (stage_ != Stage::Unlocked) return;
  commitPendingDelete();
  if (!syncEngine_) {
    if (auto status = connectSyncEngine(); !status) {
      sync_->setError(tr("Ingen server är ansluten på den här surfplattan. Logga ut och logga in igen."));
      return;
    }
  }
  syncEngine_->syncNow();
}

QString Session::bundledCaFile() {
#ifdef FALTLOGG_BUNDLED_CA
  return QStringLiteral(FALTLOGG_BUNDLED_CA);
#else
  return {};
#endif
}

void Session::setUp(const QString& serverUrl, const QString& username, const QString& password,
                    const QString& caFile, const QString& passphrase) {
  if (setupBusy_ || stage_ != Stage::NeedsSetup) return;
  setupError_.clear();
  const QUrl url(serverUrl.trimmed());
  const QString ca = caFile.trimmed().isEmpty() ? bundledCaFile() : caFile.trimmed();
  if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty()) {
    setupError_ = tr("Serverns adress ska börja med https://");
  } else if (ca.isEmpty()) {
    setupError_ = tr("Ange filen med serverns CA-certifikat. Den här versionen har inget inbyggt.");
  }
  if (!setupError_.isEmpty()) {
    emit setupStateChanged();
    return;
  }
  if (auto created = createStore(passphrase); !created) {
    setupError_ = qs(created.problem().detail);
    emit setupStateChanged();
    return;
  }
  (void)store_->setMetaValue(kServerUrlKey, url.toString().toStdString());
  (void)store_->setMetaValue(kCaFileKey, ca.toStdString());
  if (auto status = connectSyncEngine(); !status) {
    abandonSetup(qs(status.problem().detail));
    return;
  }
  setupBusy_ = true;
  emit setupStateChanged();
  connect(syncEngine_.get(), &SyncEngine::loginFinished, this, [this](bool ok) {
    setupBusy_ = false;
    if (!ok) {
      abandonSetup(english() ? syncEngine_->errorMessageEn() : syncEngine_->errorMessage());
      return;
    }
    afterUnlock();
    emit setupStateChanged();
    syncEngine_->syncNow();
  }, Qt::SingleShotConnection);
  syncEngine_->login(username, password, QSysInfo::machineHostName());
}

// Team leads review online: against the server when one is configured, the demo team otherwise.
void Session::connectReviewSource() {
  if (!teamLead_ || !store_) {
    team_->setSource(nullptr, &forms_);
    return;
  }
  auto url = store_->metaValue(kServerUrlKey);
  auto ca = store_->metaValue(kCaFileKey);
  auto token = store_->vault().loadSecret(SyncEngine::kTokenSecret);
  if (url && url.value() && ca && ca.value() && token && token.value()) {
    team_->setSource(std::make_unique<HttpReviewSource>(QUrl(qs(*url.value())), qs(*ca.value()), qs(*token.value())),
                     &forms_);
  } else if (options_.demo) {
    team_->setSource(std::make_unique<DemoReviewSource>(demoTeamRecords(forms_, options_.clock())), &forms_);
  } else {
    team_->setSource(nullptr, &forms_);
  }
}

// A failed first start leaves nothing behind: the half-made store goes, the user stays on the form.
void Session::abandonSetup(const QString& reason) {
  setupBusy_ = false;
  setupError_ = reason.isEmpty() ? tr("Inloggningen misslyckades.") : reason;
  if (syncEngine_) syncEngine_.release()->deleteLater();
  if (api_) api_.release()->deleteLater();
  if (store_) {
    store_->destroy();
    store_.reset();
  }
  emit setupStateChanged();
}

}  // namespace faltlogg::client
