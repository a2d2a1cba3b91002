#include "models/session.hpp"

#include "faltlogg/core/json.hpp"
#include "models/demo_data.hpp"
#include "models/draft_values.hpp"
#include "models/record_summary.hpp"

#include <boost/json.hpp>

#include "sync/sync_thread.hpp"

#include <QGuiApplication>
#include <QQmlEngine>
#include <QSysInfo>
#include <QTemporaryDir>

namespace faltlogg::client {

namespace json = boost::json;

namespace {

SessionOptions& defaultOptions() {
  static SessionOptions options;
  return options;
}

// Fields whose last value is offered again on the next record: where the worker is (reference fields such
// as the sub-area), who they work with and whether in a pair. Field ids, not types, for partners and in_pair:
// a pack flag would be better
// (see docs/decisions/0032).
bool offeredAgain(const core::FieldDef& field) {
  return field.type == core::FieldType::reference || field.id == "partners" || field.id == "in_pair";
}

constexpr std::string_view kLastUsedSecret = "ui.last_used";

}  // namespace

void Session::setDefaultOptions(SessionOptions options) { defaultOptions() = std::move(options); }

Session* Session::create(QQmlEngine* qmlEngine, QJSEngine*) {
  auto* session = new Session(defaultOptions());
  session->engine_ = qmlEngine;
  return session;
}

Session::Session(SessionOptions options, QObject* parent)
    : QObject(parent),
      options_(std::move(options)),
      language_(options_.language == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("sv")),
      records_(new RecordListModel(this)),
      teamRecords_(new RecordListModel(this)),
      cases_(new CaseListModel(this)),
      sync_(new SyncStatus(this)),
      team_(new TeamReviewModel(this)) {
  if (options_.dataDirectory.empty()) {
    temporaryDirectory_ = std::make_unique<QTemporaryDir>();
    dataDirectory_ = temporaryDirectory_->path().toStdString();
  } else {
    dataDirectory_ = options_.dataDirectory;
  }
  auto registry = core::FormRegistry::load_directory(
      options_.formsDirectory.empty() ? core::default_forms_dir() : options_.formsDirectory);
  if (registry) {
    forms_ = std::move(registry.value());
  } else {
    qWarning("Form packs could not be loaded: %s", registry.problem().detail.c_str());
  }
  records_->setEnglish(english());
  teamRecords_->setEnglish(english());
  cases_->setEnglish(english());
  team_->setReferences(&references_);

  undoTimer_.setSingleShot(true);
  undoTimer_.setInterval(5000);
  connect(&undoTimer_, &QTimer::timeout, this, &Session::commitPendingDelete);
  inactivityTimer_.setSingleShot(true);
  inactivityTimer_.setInterval(lockTimeoutMinutes_ * 60'000);
  connect(&inactivityTimer_, &QTimer::timeout, this, &Session::lock);
  draftWriteTimer_.setSingleShot(true);
  draftWriteTimer_.setInterval(300);  // a burst of taps is one write
  connect(&draftWriteTimer_, &QTimer::timeout, this, &Session::persistDraft);
  autoSyncTimer_.setSingleShot(true);
  connect(&autoSyncTimer_, &QTimer::timeout, this, &Session::syncNow);
  watchNetwork();
  if (qGuiApp != nullptr) {
    qGuiApp->installEventFilter(this);
    connect(qGuiApp, &QGuiApplication::applicationStateChanged, this, [this](Qt::ApplicationState state) {
      if (state == Qt::ApplicationHidden || state == Qt::ApplicationSuspended) lock();
    });
  }
  applyLanguage();
  readSystemPalette();
  loadDeviceSettings();
  createDemoStoreIfWanted();
  openExistingStore();
}

Session::~Session() {
  flushDraft();
  commitPendingDelete();
  if (qGuiApp != nullptr) qGuiApp->removeEventFilter(this);
}

void Session::setStage(Stage stage) {
  if (stage_ == stage) return;
  stage_ = stage;
  emit stageChanged();
}

void Session::createDemoStoreIfWanted() {
  if (!options_.demo || StoreFiles{dataDirectory_}.exists()) return;
  auto status = createDemoStore(dataDirectory_, forms_, options_.kdf, options_.clock());
  if (!status) qWarning("Demo store could not be created: %s", status.problem().detail.c_str());
}

void Session::openExistingStore() {
  if (!StoreFiles{dataDirectory_}.exists()) {
    setStage(Stage::NeedsSetup);
    return;
  }
  auto opened = LocalStore::open(dataDirectory_, LocalStore::OpenMode::openExisting, options_.kdf);
  if (!opened) {
    lockMessage_ = qs(opened.problem().detail);
    setStage(Stage::NeedsSetup);
    return;
  }
  store_ = std::move(opened.value());
  if (auto counts = store_->counts()) unsentWhileLocked_ = int(counts->pending + counts->needsCorrection);
  // The language is a device setting kept in clear, so the lock screen already speaks it.
  if (auto language = store_->metaValue("ui.language"); language && language.value()) {
    setLanguage(qs(*language.value()));
  }
  loadAppearance();
  setStage(Stage::Locked);
  emit lockStateChanged();
}

QStringList Session::rolesForForm(const QString& formId) {
  // Until the server sends the forms each role may use (PROTOCOL "GET /api/v1/forms"), the client knows
  // the two packs it ships. See docs/decisions/0033.
  if (formId == QLatin1String("faltkontakt")) return {QStringLiteral("field_worker")};
  if (formId == QLatin1String("familjebehandling") || formId == QLatin1String("familjearende")) {
    return {QStringLiteral("family_therapist")};
  }
  return {QStringLiteral("field_worker"), QStringLiteral("family_therapist")};
}

bool Session::canLog() const {
  // No roles known (the demo tour, a store from before roles were kept): every form, as before.
  if (roles_.isEmpty()) return true;
  return roles_.contains(QLatin1String("field_worker")) || roles_.contains(QLatin1String("family_therapist"));
}

bool Session::isColleagues(const core::Record& record) const {
  if (!teamLead_ || deviceId_.isEmpty()) return false;
  const auto hlc = core::Hlc::parse(record.hlc);
  // Written on another device: a colleague's (the server gives a lead the team's records). A lead's own
  // records from another tablet of theirs land here too until the pull says who wrote what (see 0034).
  return hlc && hlc->node != deviceId_.toStdString();
}

void Session::applyListing(std::vector<StoredRecord> records) {
  std::vector<StoredRecord> own;
  std::vector<StoredRecord> team;
  for (auto& stored : records) (isColleagues(stored.record) ? team : own).push_back(std::move(stored));
  const auto now = QDateTime::fromMSecsSinceEpoch(options_.clock());
  cases_->setRecords(own, &forms_);
  records_->setRecords(std::move(own), &forms_, now);
  teamRecords_->setRecords(std::move(team), &forms_, now);
}

QVariantList Session::forms() const {
  QVariantList list;
  for (const auto* form : forms_.latest_all()) {
    // The case record is started from Mina ärenden, not from a button of its own on the home screen.
    if (form->id == "familjearende") continue;
    if (!roles_.isEmpty()) {
      const QStringList allowed = rolesForForm(qs(form->id));
      if (std::none_of(allowed.begin(), allowed.end(), [&](const QString& r) { return roles_.contains(r); })) {
        continue;
      }
    }
    list << QVariantMap{{"id", qs(form->id)}, {"title", localized(form->title_sv, form->title_en, english())}};
  }
  return list;
}

void Session::setLockTimeoutMinutes(int minutes) {
  minutes = std::clamp(minutes, 1, 60);
  if (minutes == lockTimeoutMinutes_) return;
  lockTimeoutMinutes_ = minutes;
  inactivityTimer_.setInterval(minutes * 60'000);
  if (stage_ == Stage::Unlocked) inactivityTimer_.start();
  if (store_ && store_->vault().isUnlocked()) {
    // The timeout still applies for this session; only the next start falls back to the stored one.
    if (auto saved = store_->setMetaValue("ui.lock_timeout_minutes", std::to_string(minutes)); !saved) {
      qWarning("A setting could not be kept on the tablet: %s", saved.problem().code.c_str());
    }
  }
  emit settingsChanged();
}

QVariantMap Session::deviceInfo() const {
  std::string node = store_ ? store_->nodeId() : std::string{};
  return {{"device", QSysInfo::machineHostName()},
          {"system", QSysInfo::prettyProductName()},
          {"nodeId", qs(node)},
          {"storePath", QString::fromStdString(dataDirectory_.string())},
          {"version", QStringLiteral(FALTLOGG_VERSION)}};
}

void Session::setReferenceList(const std::string& name, std::vector<core::Option> options) {
  references_[name] = std::move(options);
}

void Session::setUser(const QString& displayName, const QStringList& roles, const QString& deviceId) {
  userName_ = displayName;
  roles_ = roles;
  deviceId_ = deviceId;
  teamLead_ = roles.contains(QLatin1String("team_lead"));
  emit userChanged();
  emit formsChanged();
}

void Session::refresh() {
  if (!store_ || stage_ != Stage::Unlocked) return;
  if (syncThread_) {
    // Opening every sealed row of a long list takes longer than a frame: the sync thread does it.
    syncThread_->requestListing();
  } else {
    auto listing = store_->listRecords();
    noteUnreadableRows(listing.unreadable);
    applyListing(std::move(listing.records));
  }
  // One indexed count, cheap enough for the UI thread, so the bar shows a save as waiting at once.
  if (auto counts = store_->counts()) {
    sync_->setCounts(int(counts->pending), int(counts->needsCorrection));
  }
}

DraftSetup Session::draftSetup(const core::FormDefinition& form) {
  DraftSetup setup;
  setup.form = form;
  setup.references = references_;
  setup.clock = options_.clock;
  setup.saveRecord = [this](core::Record record, DraftSetup::SaveDone done) {
    saveRecord(std::move(record), std::move(done));
  };
  return setup;
}

RecordDraft* Session::newDraft(const QString& formId) {
  const auto* form = forms_.latest(formId.toStdString());
  if (form == nullptr || stage_ != Stage::Unlocked) return nullptr;
  const QVariantList offeredForms = forms();
  // The case record has no home button (it starts from Mina ärenden): whoever logs sessions may start one.
  const QString offeredAs = formId == QLatin1String("familjearende") ? QStringLiteral("familjebehandling") : formId;
  const bool offered = std::any_of(offeredForms.begin(), offeredForms.end(),
                                   [&](const QVariant& f) { return f.toMap().value("id").toString() == offeredAs; });
  if (!offered) return nullptr;  // not a form this user's roles may use
  DraftSetup setup = draftSetup(*form);
  if (const auto* remembered = lastUsed_.if_contains(form->id); remembered != nullptr && remembered->is_object()) {
    for (const auto& field : form->fields) {
      const auto* value = remembered->get_object().if_contains(field.id);
      if (value == nullptr || !offeredAgain(field)) continue;
      setup.initialValues[field.id] = *value;
      setup.prefilledFields.insert(field.id);
    }
  }
  discardDraft();
  openDraft_ = new RecordDraft(std::move(setup), this);
  openDraft_->setEnglish(english());
  watchDraft();
  emit openDraftChanged();
  return openDraft_;
}

RecordDraft* Session::editDraft(const QString& recordId) {
  if (!store_ || stage_ != Stage::Unlocked) return nullptr;
  auto stored = store_->record(recordId.toStdString());
  if (!stored || stored->record.deleted) return nullptr;
  if (isColleagues(stored->record)) return nullptr;  // read-only: the server refuses a lead's edit anyway
  const auto* form = forms_.find(stored->record.form_id, stored->record.form_version);
  if (form == nullptr) return nullptr;
  DraftSetup setup = draftSetup(*form);
  setup.initialValues = stored->record.data;
  setup.initialValues[std::string(core::kOccurredAtField)] = stored->record.occurred_at;
  setup.editing = stored->record;
  discardDraft();
  openDraft_ = new RecordDraft(std::move(setup), this);
  openDraft_->setEnglish(english());
  watchDraft();
  emit openDraftChanged();
  return openDraft_;
}

void Session::discardDraft() {
  if (!openDraft_) return;
  forgetDraft();
  openDraft_->deleteLater();
  openDraft_ = nullptr;
  emit openDraftChanged();
}

// The write goes to the sync thread's connection when there is one (the UI thread never waits for SQLite
// or for a sync transaction holding the write lock); a store without a server (the demo) writes here. The
// draft is sealed in the vault first, so a kill before the write commits still leaves it to continue.
void Session::saveRecord(core::Record record, DraftSetup::SaveDone done) {
  if (!store_ || stage_ != Stage::Unlocked) {
    done(core::make_problem("store_locked", 423, "Store locked", tr("Lås upp appen först.").toStdString()));
    return;
  }
  auto finish = [this, draft = QPointer<RecordDraft>(openDraft_), done = std::move(done)](
                    core::Result<core::Record> written) {
    afterSave(written, draft);
    done(std::move(written));
  };
  if (syncThread_) {
    persistDraft();
    syncThread_->save(std::move(record), this, std::move(finish));
    return;
  }
  finish(record.hlc.empty() ? store_->createRecord(record.form_id, record.form_version, record.occurred_at, record.data)
                            : store_->editRecord(record.id, record.occurred_at, record.data));
}

void Session::afterSave(const core::Result<core::Record>& written, const QPointer<RecordDraft>& draft) {
  if (!written) return;
  if (stage_ == Stage::Unlocked && store_ && store_->vault().isUnlocked()) {
    rememberLastUsed(written.value());
    refresh();
  }
  noteSaved();
  emit recordSaved(qs(written->id));
  // The saved draft is no longer "unfinished". The page that shows it still needs it for its closing
  // transition, so it goes away a little later rather than under the page's bindings.
  if (openDraft_ && openDraft_ == draft) {
    forgetDraft();
    openDraft_->disconnect(this);
    QTimer::singleShot(2000, openDraft_.data(), &QObject::deleteLater);
    openDraft_ = nullptr;
    emit openDraftChanged();
  }
}

void Session::rememberLastUsed(const core::Record& record) {
  const auto* form = forms_.find(record.form_id, record.form_version);
  if (form == nullptr) return;
  json::object remembered;
  for (const auto& field : form->fields) {
    if (const auto* value = record.data.if_contains(field.id); value != nullptr && offeredAgain(field)) {
      remembered[field.id] = *value;
    }
  }
  lastUsed_[record.form_id] = std::move(remembered);
  // Field values are personal-adjacent: they are kept sealed with the data key, like the records.
  writeSecret(kLastUsedSecret, core::to_json_text(lastUsed_));
}

QVariantMap Session::recordDetail(const QString& recordId) const {
  if (!store_ || stage_ != Stage::Unlocked) return {};
  auto stored = store_->record(recordId.toStdString());
  if (!stored) return {};
  const auto& record = stored->record;
  const auto* form = forms_.find(record.form_id, record.form_version);
  QVariantMap detail{{"recordId", recordId},
                     {"title", form != nullptr ? localized(form->title_sv, form->title_en, english()) : qs(record.form_id)},
                     {"summary", recordSummary(form, record, english())},
                     {"rows", recordFieldRows(form, record, english(), references_)},
                     {"needsCorrection", stored->mark == SyncMark::needsCorrection},
                     {"editable", !isColleagues(record)},
                     {"waiting", stored->mark == SyncMark::dirty}};
  if (stored->rejection) {
    QStringList reasons;
    for (const auto& error : stored->rejection->errors) reasons << qs(english() ? error.message_en : error.message_sv);
    if (reasons.isEmpty()) reasons << qs(stored->rejection->detail);
    detail["rejection"] = reasons.join(QLatin1Char('\n'));
  }
  if (!stored->reviews.empty()) {
    detail["reviewState"] = qs(stored->reviews.back().state);
    detail["reviewComment"] = qs(stored->reviews.back().comment);
  }
  return detail;
}

void Session::deleteRecord(const QString& recordId) {
  commitPendingDelete();
  pendingDeleteId_ = recordId.toStdString();
  records_->setHiddenId(pendingDeleteId_);
  undoTimer_.start();
  emit pendingDeleteChanged();
}

void Session::undoDelete() {
  if (pendingDeleteId_.empty()) return;
  undoTimer_.stop();
  pendingDeleteId_.clear();
  records_->setHiddenId({});
  emit pendingDeleteChanged();
}

void Session::commitPendingDelete() {
  if (pendingDeleteId_.empty()) return;
  undoTimer_.stop();
  const std::string id = std::exchange(pendingDeleteId_, {});
  if (store_ && store_->vault().isUnlocked()) {
    if (auto status = store_->deleteRecord(id); !status) {
      sync_->setError(qs(status.problem().detail));
    } else {
      noteSaved();
    }
  }
  records_->setHiddenId({});
  refresh();
  emit pendingDeleteChanged();
}

}  // namespace faltlogg::client
