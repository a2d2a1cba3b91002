#include "sync/sync_thread.hpp"

#include "sync/server_api.hpp"

namespace faltlogg::client {

SyncThread::SyncThread(SyncThreadConfig config, core::SecureBuffer dataKey, QObject* parent) : QObject(parent) {
  qRegisterMetaType<SyncSnapshot>();
  qRegisterMetaType<SharedListing>();
  thread_.setObjectName(QStringLiteral("faltlogg-sync"));
  worker_ = new SyncWorker(std::move(config), std::make_shared<core::SecureBuffer>(std::move(dataKey)));
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &SyncWorker::started, this, &SyncThread::started);
  connect(worker_, &SyncWorker::snapshot, this, &SyncThread::onSnapshot);
  connect(worker_, &SyncWorker::loginFinished, this, &SyncThread::loginFinished);
  connect(worker_, &SyncWorker::finished, this, &SyncThread::finished);
  connect(worker_, &SyncWorker::storeWiped, this, &SyncThread::storeWiped);
  connect(worker_, &SyncWorker::listingReady, this, &SyncThread::listingReady);
  connect(worker_, &SyncWorker::referencesChanged, this, &SyncThread::referencesChanged);
  thread_.start();
  QMetaObject::invokeMethod(worker_, &SyncWorker::start, Qt::QueuedConnection);
}

SyncThread::~SyncThread() {
  // Blocking here is bounded by one store step (a batch or a page): network calls are asynchronous, and
  // the engine is gone before any reply could be handled.
  QMetaObject::invokeMethod(worker_, &SyncWorker::stop, Qt::BlockingQueuedConnection);
  thread_.quit();
  thread_.wait();
}

void SyncThread::onSnapshot(const SyncSnapshot& snapshot) {
  snapshot_ = snapshot;
  emit snapshotChanged();
}

void SyncThread::login(const QString& username, const QString& password, const QString& deviceName) {
  QMetaObject::invokeMethod(worker_, [worker = worker_, username, password, deviceName] {
    worker->login(username, password, deviceName);
  }, Qt::QueuedConnection);
}

void SyncThread::enrol(const QString& code, const QString& deviceName) {
  QMetaObject::invokeMethod(worker_, [worker = worker_, code, deviceName] { worker->enrol(code, deviceName); },
                            Qt::QueuedConnection);
}

void SyncThread::syncNow() { QMetaObject::invokeMethod(worker_, &SyncWorker::syncNow, Qt::QueuedConnection); }

void SyncThread::save(core::Record record, QObject* context,
                      std::function<void(core::Result<core::Record>)> done) {
  QMetaObject::invokeMethod(worker_, [worker = worker_, record = std::move(record), context, done = std::move(done)] {
    auto stored = std::make_shared<core::Result<core::Record>>(worker->save(record));
    QMetaObject::invokeMethod(context, [done, stored] { done(std::move(*stored)); }, Qt::QueuedConnection);
  }, Qt::QueuedConnection);
}

void SyncThread::writeSecret(std::string name, std::string value) {
  QMetaObject::invokeMethod(worker_, [worker = worker_, name = std::move(name), value = std::move(value)] {
    worker->writeSecret(name, value);
  }, Qt::QueuedConnection);
}

void SyncThread::requestListing() { QMetaObject::invokeMethod(worker_, &SyncWorker::list, Qt::QueuedConnection); }

// --- worker side ---

SyncWorker::SyncWorker(SyncThreadConfig config, std::shared_ptr<core::SecureBuffer> dataKey)
    : config_(std::move(config)), dataKey_(std::move(dataKey)) {}

SyncWorker::~SyncWorker() { stop(); }

void SyncWorker::start() {
  auto opened = LocalStore::openWithKey(config_.directory, std::move(*dataKey_));
  dataKey_.reset();
  if (!opened) {
    emit started(false, QString::fromStdString(opened.problem().detail));
    return;
  }
  store_ = std::move(opened.value());
  api_ = std::make_unique<ServerApi>(config_.serverUrl, config_.caFile);
  api_->setPinnedKey(config_.pinSha256);
  api_->setTransferTimeoutMs(config_.transferTimeoutMs);
  if (auto status = api_->configure(); !status) {
    emit started(false, QString::fromStdString(status.problem().detail));
    stop();
    return;
  }
  engine_ = std::make_unique<SyncEngine>(*store_, *api_);
  engine_->setBackoffPolicy(config_.backoff);
  if (config_.batchSize > 0) engine_->setBatchSize(config_.batchSize);
  for (auto signal : {&SyncEngine::stateChanged, &SyncEngine::errorChanged, &SyncEngine::pendingCountChanged,
                      &SyncEngine::lastSuccessChanged, &SyncEngine::loggedInChanged}) {
    connect(engine_.get(), signal, this, &SyncWorker::publish);
  }
  connect(engine_.get(), &SyncEngine::loginFinished, this, &SyncWorker::loginFinished);
  connect(engine_.get(), &SyncEngine::referencesChanged, this, &SyncWorker::referencesChanged);
  connect(engine_.get(), &SyncEngine::finished, this, [this](bool ok) {
    publish();
    list();  // the UI's list follows every run without reading the store itself
    emit finished(ok);
  });
  connect(engine_.get(), &SyncEngine::storeWiped, this, [this] {
    publish();
    emit storeWiped();
  });
  publish();
  emit started(true, {});
}

void SyncWorker::stop() {
  engine_.reset();
  api_.reset();
  if (store_) store_->lock();
  store_.reset();
  if (dataKey_) dataKey_->wipe();
}

void SyncWorker::publish() {
  if (!engine_) return;
  SyncSnapshot snap;
  snap.state = engine_->state();
  snap.errorSv = engine_->errorMessage();
  snap.errorEn = engine_->errorMessageEn();
  snap.errorCode = engine_->errorCode();
  snap.pending = engine_->pendingCount();
  snap.needsCorrection = engine_->needsCorrectionCount();
  snap.lastSuccess = engine_->lastSuccess();
  snap.loggedIn = engine_->isLoggedIn();
  emit snapshot(snap);
}

void SyncWorker::login(const QString& username, const QString& password, const QString& deviceName) {
  if (!engine_) {
    emit loginFinished(false);
    return;
  }
  engine_->login(username, password, deviceName);
}

void SyncWorker::enrol(const QString& code, const QString& deviceName) {
  if (!engine_) {
    emit loginFinished(false);
    return;
  }
  engine_->enrol(code, deviceName);
}

void SyncWorker::syncNow() {
  if (!engine_) {
    emit finished(false);
    return;
  }
  engine_->refreshCounts();
  engine_->syncNow();
}

core::Result<core::Record> SyncWorker::save(const core::Record& record) {
  if (!store_ || !store_->isOpen()) {
    return core::make_problem("store_locked", 423, "Store locked", "the sync thread has no open store");
  }
  auto stored = record.hlc.empty()
                    ? store_->createRecord(record.form_id, record.form_version, record.occurred_at, record.data)
                    : store_->editRecord(record.id, record.occurred_at, record.data);
  if (stored && engine_) engine_->refreshCounts();
  return stored;
}

void SyncWorker::writeSecret(const std::string& name, const std::string& value) {
  if (!store_ || !store_->isOpen()) return;
  auto status = value.empty() ? store_->vault().removeSecret(name) : store_->vault().storeSecret(name, value);
  if (!status) qWarning("A setting could not be kept on the tablet: %s", status.problem().code.c_str());
}

void SyncWorker::list() {
  if (!store_ || !store_->isOpen()) return;
  emit listingReady(std::make_shared<RecordListing>(store_->listRecords()));
}

}  // namespace faltlogg::client
