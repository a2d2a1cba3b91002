// Session: first-start login, the sync bar and automatic sync. The engine runs on its own thread
// (SyncThread); this side only schedules runs and shows their outcome.
//
// When a run starts by itself: shortly after every save (debounced, so a burst of saves is one run), on
// unlock, when the system reports the network back, and every few minutes while the app is unlocked.
// A failed run is retried with growing, jittered delays that never stop for good but stay short enough
// that a record reaches the server within half a minute of the server coming back.
#include "models/demo_data.hpp"
#include "models/draft_values.hpp"
#include "models/passphrase_strength.hpp"
#include "models/session.hpp"
#include "sync/enrol_link.hpp"
#include "sync/sync_thread.hpp"

#include <QNetworkInformation>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QUrl>

namespace faltlogg::client {

namespace {

// Where the server is and which CA it must chain to: not secret, needed before the first unlock.
constexpr std::string_view kServerUrlKey = "server.url";
constexpr std::string_view kCaFileKey = "server.ca_file";
constexpr std::string_view kPinKey = "server.pin";

constexpr int kSaveDebounceMs = 1500;
constexpr int kPeriodicMs = 2 * 60 * 1000;
constexpr int kRetryBaseMs = 2000;
constexpr int kRetryMaxMs = 15000;

}  // namespace

core::Status Session::connectSyncEngine() {
  syncThread_.reset();
  auto url = store_->metaValue(kServerUrlKey);
  auto ca = store_->metaValue(kCaFileKey);
  auto pin = store_->metaValue(kPinKey);
  const bool hasCa = ca && ca.value();
  const bool hasPin = pin && pin.value();
  if (!url || !url.value() || (!hasCa && !hasPin)) {
    return core::make_problem("not_configured", 0, "No server", "no server configured on this tablet");
  }
  SyncThreadConfig config;
  config.directory = dataDirectory_;
  config.serverUrl = QUrl(qs(*url.value()));
  config.caFile = hasCa ? qs(*ca.value()) : QString();
  config.pinSha256 = hasPin ? parsePin(qs(*pin.value())) : QByteArray();
  config.transferTimeoutMs = 15000;
  // Short in-run retries: the Session's own retry schedule carries on after a run gives up.
  config.backoff = BackoffPolicy{1000, 8000, 3};
  config.batchSize = options_.syncBatchSize;
  syncThread_ = std::make_unique<SyncThread>(std::move(config), store_->vault().copyDataKey());
  auto* thread = syncThread_.get();
  connect(thread, &SyncThread::snapshotChanged, this, &Session::updateSyncStatus);
  connect(thread, &SyncThread::finished, this, &Session::onSyncFinished);
  connect(thread, &SyncThread::listingReady, this, [this](const SharedListing& listing) {
    if (stage_ != Stage::Unlocked || !listing) return;
    noteUnreadableRows(listing->unreadable);
    applyListing(std::move(listing->records));
  });
  connect(thread, &SyncThread::referencesChanged, this, [this]() {
    // A changed area list (names, or an area gone) shows at once in the lists and the detail pages.
    loadReferenceLists();
    refresh();
    emit referencesChanged();
  });
  connect(thread, &SyncThread::started, this, [this](bool ok, const QString& problem) {
    if (!ok) sync_->setError(tr("Synkningen kunde inte starta: %1").arg(problem));
  });
  connect(thread, &SyncThread::storeWiped, this, [this]() {
    lockMessage_ = tr("Den här surfplattan har spärrats av administratören och uppgifterna på den är raderade.");
    QMetaObject::invokeMethod(this, &Session::signOut, Qt::QueuedConnection);
    emit lockStateChanged();
  });
  return core::Ok{};
}

void Session::updateSyncStatus() {
  if (!syncThread_) return;
  const SyncSnapshot& snap = syncThread_->snapshot();
  sync_->setSyncing(snap.state == SyncEngine::State::Syncing);
  if (snap.lastSuccess.isValid()) sync_->setLastSuccess(snap.lastSuccess);
  sync_->setOffline(snap.state == SyncEngine::State::Offline);
  if (snap.state == SyncEngine::State::Error) {
    sync_->setError(english() ? snap.errorEn : snap.errorSv);
  } else {
    sync_->clearError();
  }
  sync_->setCounts(snap.pending, snap.needsCorrection);
}

void Session::syncNow() {
  if (stage_ != Stage::Unlocked) return;
  commitPendingDelete();
  if (!syncThread_) {
    if (auto status = connectSyncEngine(); !status) {
      sync_->setError(tr("Ingen server är ansluten på den här surfplattan. Logga ut och logga in igen."));
      return;
    }
  }
  if (syncThread_->snapshot().state == SyncEngine::State::Syncing) {
    syncAgain_ = true;  // a save during a run: one more run right after, so nothing waits for the timer
    return;
  }
  syncThread_->syncNow();
}

void Session::scheduleSync(int delayMs) {
  if (stage_ != Stage::Unlocked || !syncThread_) return;
  if (autoSyncTimer_.isActive() && autoSyncTimer_.remainingTime() <= delayMs) return;
  autoSyncTimer_.start(delayMs);
}

void Session::syncAndSignOut() {
  if (stage_ != Stage::Unlocked || signingOut_) return;
  signOutProblem_.clear();
  signingOut_ = true;
  emit signOutStateChanged();
  commitPendingDelete();
  if (!syncThread_ && !connectSyncEngine()) {
    signingOut_ = false;
    signOutProblem_ = tr("Ingen server är ansluten, så inget kan skickas. Välj \"Logga ut ändå\" om du vill "
                         "radera uppgifterna.");
    emit signOutStateChanged();
    return;
  }
  syncNow();
}

void Session::finishSyncAndSignOut(bool ok) {
  signingOut_ = false;
  const int left = syncThread_ ? syncThread_->snapshot().pending + syncThread_->snapshot().needsCorrection : 0;
  if (ok && left == 0) {
    emit signOutStateChanged();
    signOut();
    return;
  }
  if (left == 1) {
    signOutProblem_ = tr("1 registrering kunde inte skickas. Du är fortfarande inloggad; försök igen när du har "
                         "nät, eller rätta den om den behöver rättas.");
  } else if (left > 1) {
    signOutProblem_ = tr("%1 registreringar kunde inte skickas. Du är fortfarande inloggad; försök igen när du har "
                         "nät, eller rätta dem som behöver rättas.").arg(left);
  } else {
    signOutProblem_ = tr("Kunde inte nå servern. Kontrollera att du har nät och försök igen.");
  }
  emit signOutStateChanged();
}

void Session::onSyncFinished(bool ok) {
  if (stage_ != Stage::Unlocked) return;
  if (signingOut_ && !syncAgain_) {
    finishSyncAndSignOut(ok);
    if (stage_ != Stage::Unlocked) return;
  }
  if (ok) {
    retryRound_ = 0;
  } else {
    ++retryRound_;
  }
  if (std::exchange(syncAgain_, false)) {
    scheduleSync(0);
    return;
  }
  const QString code = syncThread_ ? syncThread_->snapshot().errorCode : QString();
  const bool needsPassword = code == QLatin1String("unauthorized") || code == QLatin1String("login_required");
  if (ok || needsPassword) {
    // Nothing to hurry: reviews and colleagues' changes still come in every few minutes.
    autoSyncTimer_.start(kPeriodicMs);
    return;
  }
  // Equal jitter, as in the engine: many tablets back online at once must not retry in step.
  const int cap = std::min(kRetryMaxMs, kRetryBaseMs << std::min(retryRound_, 8));
  const int delay = cap / 2 + static_cast<int>(QRandomGenerator::global()->bounded(cap / 2 + 1));
  autoSyncTimer_.start(delay);
}

void Session::watchNetwork() {
  // Without a backend (none on this platform) the engine still syncs on its timer and on "Synka nu".
  if (!QNetworkInformation::instance() && !QNetworkInformation::loadDefaultBackend()) {
    qInfo("No network-information backend: syncing on the timer only");
  }
  auto* info = QNetworkInformation::instance();
  if (info == nullptr) return;  // no backend on this system: the retry schedule still finds the network
  connect(info, &QNetworkInformation::reachabilityChanged, this, [this](QNetworkInformation::Reachability r) {
    if (r == QNetworkInformation::Reachability::Online || r == QNetworkInformation::Reachability::Site) {
      scheduleSync(500);
    }
  });
}

void Session::noteSaved() { scheduleSync(kSaveDebounceMs); }

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
    setupError_ = tr("Serverns adress ska börja med https://. Skanna hellre QR-koden från din teamledare.");
  } else if (ca.isEmpty()) {
    setupError_ = tr("Den här versionen kan bara anslutas med en kod. Be din teamledare om en QR-kod.");
  }
  if (!setupError_.isEmpty()) {
    emit setupStateChanged();
    return;
  }
  beginSetup(DeviceSettings{url, ca, {}}, passphrase,
             [this, username, password] { syncThread_->login(username, password, QSysInfo::machineHostName()); });
}

QVariantMap Session::checkEnrolInput(const QString& text) const {
  auto parsed = parseEnrolInput(text);
  if (!parsed) {
    return {{"ok", false},
            {"error", parsed.problem().code == "invalid_code"
                          ? tr("Koden har 10 tecken, bokstäver och siffror. Kontrollera att du skrivit av den rätt.")
                          : tr("Det här är ingen Fältlogg-länk. Skanna QR-koden igen eller skriv koden.")}};
  }
  const bool known = !parsed->server.isEmpty() || !device_.pin.isEmpty() || !device_.caFile.isEmpty();
  return {{"ok", known},
          {"code", parsed->code},
          {"server", parsed->server.isEmpty() ? device_.url.toString() : parsed->server.toString()},
          {"error", known ? QString()
                          : tr("Surfplattan vet inte vilken server koden hör till. Skanna QR-koden eller klistra in "
                               "hela länken (faltlogg://…) i stället.")}};
}

void Session::enrol(const QString& input, const QString& passphrase) {
  if (setupBusy_ || stage_ != Stage::NeedsSetup) return;
  setupError_.clear();
  const QVariantMap check = checkEnrolInput(input);
  if (!check.value("ok").toBool()) {
    setupError_ = check.value("error").toString();
    emit setupStateChanged();
    return;
  }
  auto link = parseEnrolInput(input).value();
  // A bare code goes to the server this tablet was last set up with, trusted as it was then.
  DeviceSettings settings = link.server.isEmpty() ? device_ : DeviceSettings{link.server, {}, link.pinSha256};
  beginSetup(settings, passphrase,
             [this, code = link.code] { syncThread_->enrol(code, QSysInfo::machineHostName()); });
}

void Session::cancelSetup() {
  if (!setupBusy_) return;
  abandonSetup(tr("Avbrutet. Inget har sparats; försök igen när du har nät."));
}

void Session::beginSetup(const DeviceSettings& settings, const QString& passphrase, std::function<void()> start) {
  if (faltlogg::client::passphraseStrength(passphrase) < 1) {
    setupError_ = passphraseAdvice(passphrase);
    emit setupStateChanged();
    return;
  }
  setupBusy_ = true;
  const int generation = ++setupGeneration_;
  emit setupStateChanged();
  runInBackground(
      [directory = dataDirectory_, kdf = options_.kdf, secret = passphrase.toStdString()] {
        return createStoreOffThread(directory, kdf, secret);
      },
      [this, settings, start = std::move(start), generation](std::shared_ptr<CreatedStore> created) {
        if (generation != setupGeneration_ || !setupBusy_) {  // cancelled while the key was being made
          if (created->store) created->store->destroy();
          return;
        }
        if (!created->status) {
          setupBusy_ = false;
          setupError_ = qs(created->status.problem().detail);
          emit setupStateChanged();
          return;
        }
        store_ = std::move(created->store);
        connectSetupToServer(settings, start);
      });
}

void Session::connectSetupToServer(const DeviceSettings& settings, const std::function<void()>& start) {
  // Kept for the next start: without them the tablet would ask for the QR code again after a restart,
  // so a failure ends the set-up here with what to do, instead of surprising the worker later.
  core::Status kept = store_->setMetaValue(kServerUrlKey, settings.url.toString().toStdString());
  if (kept && !settings.caFile.isEmpty()) kept = store_->setMetaValue(kCaFileKey, settings.caFile.toStdString());
  if (kept && !settings.pin.isEmpty()) kept = store_->setMetaValue(kPinKey, formatPin(settings.pin).toStdString());
  if (!kept) {
    abandonSetup(tr("Inställningarna gick inte att spara på surfplattan (%1). Frigör utrymme och försök igen.")
                     .arg(QString::fromStdString(kept.problem().code)));
    return;
  }
  if (auto status = connectSyncEngine(); !status) {
    abandonSetup(tr("Serverns inställningar går inte att använda. Be din teamledare om en ny QR-kod."));
    return;
  }
  connect(syncThread_.get(), &SyncThread::loginFinished, this, [this, settings](bool ok) {
    if (!setupBusy_) return;  // cancelled meanwhile
    if (!ok) {
      // Busy until abandonSetup has removed the half-made store and set the reason, both at once.
      const SyncSnapshot& snap = syncThread_->snapshot();
      // Later, not inside the thread's own signal: abandoning deletes the thread object.
      QMetaObject::invokeMethod(this, [this, reason = setupProblemText(snap.errorCode, english() ? snap.errorEn : snap.errorSv)] {
        abandonSetup(reason);
      }, Qt::QueuedConnection);
      return;
    }
    setupBusy_ = false;
    saveDeviceSettings(settings);  // the next person on this tablet starts from the same server
    afterUnlock();
    emit setupStateChanged();
  }, Qt::SingleShotConnection);
  start();
}

// What went wrong at first start and what to do, in the user's words (never the server's English).
QString Session::setupProblemText(const QString& code, const QString& fallback) const {
  if (code == QLatin1String("enrolment_used")) {
    return tr("Koden är redan använd. Be din teamledare om en ny kod.");
  }
  if (code == QLatin1String("enrolment_expired")) {
    return tr("Koden har gått ut (den gäller i 15 minuter). Be din teamledare om en ny kod.");
  }
  if (code == QLatin1String("enrolment_unknown")) {
    return tr("Koden finns inte. Kontrollera att du skrivit av den rätt, eller be om en ny.");
  }
  if (code == QLatin1String("login_failed")) return tr("Fel användarnamn eller lösenord. Försök igen.");
  if (code == QLatin1String("network_error") || code == QLatin1String("timeout")) {
    return tr("Kunde inte nå servern. Kontrollera adressen och att du har nät.");
  }
  if (code == QLatin1String("tls_error")) {
    return tr("Servern kunde inte bekräfta att den är rätt server. Anslut inte; be din teamledare om en ny QR-kod.");
  }
  if (code == QLatin1String("rate_limited")) return tr("För många försök. Vänta en stund och försök igen.");
  return fallback;
}

// Team leads review online: against the server when one is configured, the demo team otherwise.
void Session::connectReviewSource() {
  if (!teamLead_ || !store_) {
    team_->setSource(nullptr, &forms_);
    return;
  }
  auto url = store_->metaValue(kServerUrlKey);
  auto ca = store_->metaValue(kCaFileKey);
  auto pin = store_->metaValue(kPinKey);
  auto token = store_->vault().loadSecret(SyncEngine::kTokenSecret);
  const bool trusted = (ca && ca.value()) || (pin && pin.value());
  if (url && url.value() && trusted && token && token.value()) {
    team_->setSource(std::make_unique<HttpReviewSource>(
                         QUrl(qs(*url.value())), ca && ca.value() ? qs(*ca.value()) : QString(), qs(*token.value()),
                         pin && pin.value() ? parsePin(qs(*pin.value())) : QByteArray()),
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
  syncThread_.reset();
  if (store_) {
    store_->destroy();
    store_.reset();
  }
  emit setupStateChanged();
}

}  // namespace faltlogg::client
