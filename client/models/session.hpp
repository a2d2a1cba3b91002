// Session: the app's state machine and the one object the pages talk to (a QML singleton).
// Stages: NeedsSetup (no store on this tablet) → Locked ⇄ Unlocked. While unlocked it owns the open
// LocalStore, the home list, the sync bar and at most one unfinished draft (kept in memory only, never
// written unencrypted). Auto-lock: after inactivity and whenever the app is hidden.
#pragma once

#include "faltlogg/core/forms.hpp"
#include "models/record_draft.hpp"
#include "models/case_list_model.hpp"
#include "models/record_list_model.hpp"
#include "models/sync_status.hpp"
#include "models/team_review_model.hpp"
#include "store/local_store.hpp"

#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>
#include <QVariant>
#include <QtQml/qqmlregistration.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

class QQmlEngine;
class QJSEngine;
class QTemporaryDir;
class QTranslator;

namespace faltlogg::client {

class SyncThread;

// Where this tablet's server is and how it is trusted: kept outside the store, in clear (nothing secret),
// so a logout or a wipe does not make the next user on a shared tablet type it again.
struct DeviceSettings {
  QUrl url;
  QString caFile;   // a pinned CA file (development, older setups)
  QByteArray pin;   // SHA-256 of the server's SubjectPublicKeyInfo, from the enrolment link
};

struct SessionOptions {
  std::filesystem::path dataDirectory;   // the user's store; empty = a fresh temporary directory
  std::filesystem::path formsDirectory;  // empty = core::default_forms_dir()
  core::KdfStrength kdf = kdfStrengthFromEnvironment();
  bool demo = false;                     // create a demo store (fictional data) when none exists
  QString language = QStringLiteral("sv");
  int syncBatchSize = 0;                 // records per push; 0 = the protocol's maximum (tests go lower)
  std::function<core::Millis()> clock = core::now_millis;
};

class Session : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_SINGLETON
  Q_PROPERTY(Stage stage READ stage NOTIFY stageChanged)
  Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
  Q_PROPERTY(bool english READ english NOTIFY languageChanged)
  Q_PROPERTY(RecordListModel* records READ records CONSTANT)
  Q_PROPERTY(SyncStatus* sync READ sync CONSTANT)
  Q_PROPERTY(TeamReviewModel* team READ team CONSTANT)
  Q_PROPERTY(QVariantList forms READ forms NOTIFY formsChanged)
  Q_PROPERTY(int failedAttempts READ failedAttempts NOTIFY lockStateChanged)
  Q_PROPERTY(int attemptsLeft READ attemptsLeft NOTIFY lockStateChanged)
  Q_PROPERTY(QString lockMessage READ lockMessage NOTIFY lockStateChanged)
  // An unlock is being tried (Argon2id on a worker thread); the lock screen shows it is busy.
  Q_PROPERTY(bool unlocking READ unlocking NOTIFY lockStateChanged)
  // A PIN is set for this user (chosen in the settings or after first start).
  Q_PROPERTY(bool hasPin READ hasPin NOTIFY lockStateChanged)
  // Locked within this run with a PIN set and fewer than 5 wrong PINs: the PIN unlocks.
  Q_PROPERTY(bool pinUnlockAvailable READ pinUnlockAvailable NOTIFY lockStateChanged)
  // What the lock screen says about the tablet: whose it is and how much waits to be sent.
  Q_PROPERTY(int unsentWhileLocked READ unsentWhileLocked NOTIFY lockStateChanged)
  Q_PROPERTY(int lockTimeoutMinutes READ lockTimeoutMinutes WRITE setLockTimeoutMinutes NOTIFY settingsChanged)
  // Appearance (session_appearance.cpp, decision 0090): "system", "light" or "dark", and the text size
  // (1.0, 1.25 or 1.5). Kept in clear in the store's meta table like the language, so the lock screen
  // already uses them. systemDark: the platform palette's window colour is dark (Qt 6.4 has no
  // colour-scheme API); Theme.qml picks its colours from these three.
  Q_PROPERTY(QString appearance READ appearance WRITE setAppearance NOTIFY appearanceChanged)
  Q_PROPERTY(double textScale READ textScale WRITE setTextScale NOTIFY appearanceChanged)
  Q_PROPERTY(bool systemDark READ systemDark NOTIFY appearanceChanged)
  // "Byt lösenfras" (session_passphrase.cpp): running on the worker pool, and what went wrong ("" if nothing).
  Q_PROPERTY(bool changingPassphrase READ changingPassphrase NOTIFY passphraseChangeStateChanged)
  Q_PROPERTY(QString passphraseChangeMessage READ passphraseChangeMessage NOTIFY passphraseChangeStateChanged)
  Q_PROPERTY(QString userName READ userName NOTIFY userChanged)
  Q_PROPERTY(bool teamLead READ teamLead NOTIFY userChanged)
  Q_PROPERTY(QStringList roles READ roles NOTIFY userChanged)
  // Whether any of the user's roles logs records (a lead without one sees no "Ny …" button).
  Q_PROPERTY(bool canLog READ canLog NOTIFY userChanged)
  // A team lead's store also holds the team's records (the server's pull gives a lead the team): they are
  // listed apart and are read-only here.
  Q_PROPERTY(RecordListModel* teamRecords READ teamRecords CONSTANT)
  // "Mina ärenden": the family therapist's cases by code (session_cases.cpp).
  Q_PROPERTY(CaseListModel* cases READ cases CONSTANT)
  Q_PROPERTY(RecordDraft* openDraft READ openDraft NOTIFY openDraftChanged)
  Q_PROPERTY(QString pendingDeleteId READ pendingDeleteId NOTIFY pendingDeleteChanged)
  Q_PROPERTY(QVariantMap deviceInfo READ deviceInfo NOTIFY userChanged)
  Q_PROPERTY(QString setupError READ setupError NOTIFY setupStateChanged)
  Q_PROPERTY(bool setupBusy READ setupBusy NOTIFY setupStateChanged)
  Q_PROPERTY(bool hasBundledCa READ hasBundledCa CONSTANT)
  // The server this tablet was last set up with ("" on a new tablet): offered again after a logout.
  Q_PROPERTY(QString savedServerUrl READ savedServerUrl NOTIFY setupStateChanged)
  Q_PROPERTY(bool signingOut READ signingOut NOTIFY signOutStateChanged)
  Q_PROPERTY(QString signOutProblem READ signOutProblem NOTIFY signOutStateChanged)

 public:
  enum class Stage { NeedsSetup, Locked, Unlocked };
  Q_ENUM(Stage)

  // The options every Session created by a QML engine starts with (set in main() or a test's setup).
  static void setDefaultOptions(SessionOptions options);
  static Session* create(QQmlEngine* qmlEngine, QJSEngine* jsEngine);

  explicit Session(SessionOptions options, QObject* parent = nullptr);
  ~Session() override;

  Stage stage() const { return stage_; }
  QString language() const { return language_; }
  void setLanguage(const QString& language);
  bool english() const { return language_ == QLatin1String("en"); }
  RecordListModel* records() const { return records_; }
  SyncStatus* sync() const { return sync_; }
  TeamReviewModel* team() const { return team_; }
  QVariantList forms() const;
  int failedAttempts() const;
  int attemptsLeft() const;
  QString lockMessage() const { return lockMessage_; }
  int lockTimeoutMinutes() const { return lockTimeoutMinutes_; }
  void setLockTimeoutMinutes(int minutes);
  QString appearance() const { return appearance_; }
  void setAppearance(const QString& appearance);
  double textScale() const { return textScale_; }
  void setTextScale(double scale);
  bool systemDark() const { return systemDark_; }
  // Re-wraps the data key under a new passphrase off the UI thread (decision 0092); false when it cannot
  // start (then passphraseChangeMessage says why). The outcome arrives as passphraseChanged() or a message.
  Q_INVOKABLE bool changePassphrase(const QString& current, const QString& replacement, const QString& repeated);
  // What is wrong with the three fields before anything is tried; "" when they can be used.
  Q_INVOKABLE QString checkNewPassphrase(const QString& current, const QString& replacement,
                                         const QString& repeated) const;
  bool changingPassphrase() const { return changingPassphrase_; }
  QString passphraseChangeMessage() const { return passphraseChangeMessage_; }
  QString userName() const { return userName_; }
  bool teamLead() const { return teamLead_; }
  QStringList roles() const { return roles_; }
  bool canLog() const;
  RecordListModel* teamRecords() const { return teamRecords_; }
  CaseListModel* cases() const { return cases_; }
  // A session of this case: a new familjebehandling draft whose case code is already filled in, so the
  // code is picked, never retyped. nullptr when the user may not log family sessions.
  Q_INVOKABLE faltlogg::client::RecordDraft* newSessionForCase(const QString& caseCode);
  // Closes the case record `caseRecordId` with `reason` (an avslutsorsak value), ended at `endedAt` (now when
  // not given): an edit of the record, saved like any other. "" when saved, else what to do, in the UI
  // language. The only way a case record gets its closing fields (decision 0097).
  Q_INVOKABLE QString closeCase(const QString& caseRecordId, const QString& reason, const QDateTime& endedAt = {});
  // Whether a stored record was written by someone else (a colleague, seen by a team lead).
  bool isColleagues(const core::Record& record) const;
  // The roles that may use a form; a form no role claims is open to every logging role.
  static QStringList rolesForForm(const QString& formId);
  RecordDraft* openDraft() const { return openDraft_; }
  QString pendingDeleteId() const { return QString::fromStdString(pendingDeleteId_); }
  QVariantMap deviceInfo() const;
  QString setupError() const { return setupError_; }
  bool setupBusy() const { return setupBusy_; }
  // The CA compiled in with -DFALTLOGG_BUNDLED_CA_FILE=…, used when first start names no CA file.
  static QString bundledCaFile();
  bool hasBundledCa() const { return !bundledCaFile().isEmpty(); }

  // --- records ---
  Q_INVOKABLE faltlogg::client::RecordDraft* newDraft(const QString& formId);
  Q_INVOKABLE faltlogg::client::RecordDraft* editDraft(const QString& recordId);
  Q_INVOKABLE void discardDraft();
  Q_INVOKABLE QVariantMap recordDetail(const QString& recordId) const;
  // Deletion waits for the undo window (undoWindowMs) before the tombstone is written.
  Q_INVOKABLE void deleteRecord(const QString& recordId);
  Q_INVOKABLE void undoDelete();
  Q_INVOKABLE void commitPendingDelete();
  Q_INVOKABLE void refresh();

  // --- lock (session_unlock.cpp) ---
  // Starts an unlock off the UI thread; false when none can start (not locked, or one is running). The
  // outcome arrives as stage Unlocked or a lockMessage, and as unlockFinished().
  Q_INVOKABLE bool unlock(const QString& passphrase);
  // For C++ callers that need the outcome now (tests, the screenshot tour): runs the event loop meanwhile.
  bool unlockAndWait(const QString& passphrase);
  bool unlocking() const { return unlocking_; }
  static constexpr int kMaxPinAttempts = 5;
  Q_INVOKABLE bool setPin(const QString& pin);
  Q_INVOKABLE void clearPin();
  Q_INVOKABLE bool unlockWithPin(const QString& pin);
  bool hasPin() const;
  bool pinUnlockAvailable() const { return stage_ == Stage::Locked && !heldKey_.empty(); }
  int unsentWhileLocked() const { return unsentWhileLocked_; }
  Q_INVOKABLE void lock();
  Q_INVOKABLE void noteActivity();
  // First start: a new store protected by the passphrase, then login and the first sync. The outcome
  // arrives as stage Unlocked, or as setupError with nothing left behind.
  Q_INVOKABLE void setUp(const QString& serverUrl, const QString& username, const QString& password,
                         const QString& caFile, const QString& passphrase);
  // Enrolment (PROTOCOL.md): the faltlogg://enrol link of the QR code, pasted, or the code typed by hand
  // (then the server is the one this tablet was set up with before).
  Q_INVOKABLE void enrol(const QString& input, const QString& passphrase);
  // {ok, code, server, error}: what the setup page shows while the code is typed.
  Q_INVOKABLE QVariantMap checkEnrolInput(const QString& text) const;
  // Stops a first start that waits for the server; nothing is left behind.
  Q_INVOKABLE void cancelSetup();
  QString savedServerUrl() const { return device_.url.toString(); }
  Q_INVOKABLE int passphraseStrength(const QString& passphrase) const;
  Q_INVOKABLE QString passphraseAdvice(const QString& passphrase) const;
  Q_INVOKABLE void signOut();
  // Sends what is unsent, then signs out; signs out only if nothing is left unsent, else says why
  // (signOutProblem) and stays signed in.
  Q_INVOKABLE void syncAndSignOut();
  bool signingOut() const { return signingOut_; }
  QString signOutProblem() const { return signOutProblem_; }

  // --- sync ---
  Q_INVOKABLE void syncNow();

  // Tests shorten the timers; the app uses the undo window of 5 s and the user's lock timeout.
  void setInactivityIntervalMs(int ms) { inactivityTimer_.setInterval(ms); }
  int undoWindowMs() const { return undoTimer_.interval(); }
  void setUndoWindowMs(int ms) { undoTimer_.setInterval(ms); }
  LocalStore* store() const { return store_.get(); }
  const core::FormRegistry& formRegistry() const { return forms_; }
  void setReferenceList(const std::string& name, std::vector<core::Option> options);
  void setUser(const QString& displayName, const QStringList& roles, const QString& deviceId = {});
  // Splits a listing into the user's own records and (for a team lead) the team's.
  void applyListing(std::vector<StoredRecord> records);

 signals:
  void stageChanged();
  void languageChanged();
  void formsChanged();
  void lockStateChanged();
  void settingsChanged();
  void userChanged();
  void openDraftChanged();
  void pendingDeleteChanged();
  void setupStateChanged();
  void recordSaved(const QString& recordId);
  void storeDestroyed();
  void signOutStateChanged();
  void unlockFinished(bool ok);
  void appearanceChanged();
  void passphraseChangeStateChanged();
  void passphraseChanged();
  // The reference lists changed (a sync brought new area names, or an area is gone).
  void referencesChanged();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void setStage(Stage stage);
  void openExistingStore();
  void createDemoStoreIfWanted();
  void afterUnlock();
  void loadReferenceLists();
  // The unfinished draft, sealed in the vault across restarts (session_draft.cpp).
  void watchDraft();
  void persistDraft();
  void forgetDraft();
  void flushDraft();
  void restoreDraft();
  void writeSecret(std::string_view name, const std::string& value);  // empty value: remove
  DraftSetup draftSetup(const core::FormDefinition& form);
  void saveRecord(core::Record record, DraftSetup::SaveDone done);
  void afterSave(const core::Result<core::Record>& written, const QPointer<RecordDraft>& draft);
  void rememberLastUsed(const core::Record& record);
  void applyLanguage();
  void loadAppearance();
  void keepAppearanceInStore();
  void readSystemPalette();
  void finishPassphraseChange(const core::Status& status);
  struct UnlockOutcome {
    core::Status status = core::Ok{};
    core::SecureBuffer dataKey;
    BookkeepingReport bookkeeping;
  };
  // session_integrity.cpp: what the bar says when the store's file was changed outside the app (0093).
  void noteUnreadableRows(const std::vector<UnreadableRow>& rows);
  void updateIntegrityWarning();
  BookkeepingReport unlockReport_;
  int unreadableRows_ = 0;
  void finishUnlock(UnlockOutcome outcome);
  struct CreatedStore {
    core::Status status = core::Ok{};
    std::unique_ptr<LocalStore> store;
  };
  static std::shared_ptr<CreatedStore> createStoreOffThread(const std::filesystem::path& directory,
                                                            core::KdfStrength kdf, std::string passphrase);
  void connectSetupToServer(const DeviceSettings& settings, const std::function<void()>& start);
  // Runs work() on the session's worker pool and done(result) back on the UI thread (never after the
  // session is gone: the destructor waits for the pool, and a queued call dies with its receiver).
  template <typename Work, typename Done>
  void runInBackground(Work work, Done done) {
    workers_.start([this, work = std::move(work), done = std::move(done)]() mutable {
      auto result = work();
      QMetaObject::invokeMethod(
          this, [done, result]() mutable { done(std::move(result)); }, Qt::QueuedConnection);
    });
  }
  core::Status connectSyncEngine();
  void updateSyncStatus();
  void scheduleSync(int delayMs);
  void onSyncFinished(bool ok);
  void finishSyncAndSignOut(bool ok);
  void watchNetwork();
  void noteSaved();
  void abandonSetup(const QString& reason);
  void loadPin();
  void holdKeyForPin();
  void beginSetup(const DeviceSettings& settings, const QString& passphrase, std::function<void()> start);
  QString setupProblemText(const QString& code, const QString& fallback) const;
  std::filesystem::path deviceSettingsFile() const;
  void loadDeviceSettings();
  void saveDeviceSettings(const DeviceSettings& settings);
  void connectReviewSource();

  SessionOptions options_;
  std::unique_ptr<QTemporaryDir> temporaryDirectory_;
  std::filesystem::path dataDirectory_;
  DeviceSettings device_;
  QByteArray pinRecord_;          // "salt:hash" (base64), read from the vault after each unlock
  core::SecureBuffer heldKey_;    // the data key across a lock within this run, for the PIN
  int pinFailures_ = 0;
  int unsentWhileLocked_ = 0;
  core::FormRegistry forms_;
  std::unique_ptr<LocalStore> store_;
  // Declared after the store: the sync thread opens the same files and must stop first.
  std::unique_ptr<SyncThread> syncThread_;
  QTimer autoSyncTimer_;
  int retryRound_ = 0;
  bool syncAgain_ = false;
  bool signingOut_ = false;
  QString signOutProblem_;
  std::map<std::string, std::vector<core::Option>, std::less<>> references_;
  boost::json::object lastUsed_;  // by form id: values of fields offered again (area, partners, ...)
  Stage stage_ = Stage::NeedsSetup;
  QString language_;
  QString lockMessage_;
  QString setupError_;
  bool setupBusy_ = false;
  int setupGeneration_ = 0;
  bool unlocking_ = false;
  int lockTimeoutMinutes_ = 5;
  QString appearance_ = QStringLiteral("system");
  double textScale_ = 1.0;
  bool systemDark_ = false;
  bool changingPassphrase_ = false;
  QString passphraseChangeMessage_;
  QString userName_;
  bool teamLead_ = false;
  QStringList roles_;
  QString deviceId_;
  RecordListModel* records_;
  RecordListModel* teamRecords_;
  CaseListModel* cases_;
  SyncStatus* sync_;
  TeamReviewModel* team_;
  QPointer<RecordDraft> openDraft_;
  std::string pendingDeleteId_;
  QTimer undoTimer_;
  QTimer draftWriteTimer_;
  QTimer inactivityTimer_;
  QTranslator* translator_ = nullptr;
  QQmlEngine* engine_ = nullptr;
  // Last member: destroyed (and waited for) first, while everything its tasks report back to still exists.
  QThreadPool workers_;
};

}  // namespace faltlogg::client
