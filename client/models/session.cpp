#include "models/session.hpp"

#include "faltlogg/core/json.hpp"
#include "models/demo_data.hpp"
#include "models/draft_values.hpp"
#include "models/record_summary.hpp"

#include <boost/json.hpp>

#include "sync/server_api.hpp"
#include "sync/sync_engine.hpp"

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
// as the sub-area) and who they work with. Field ids, not types, for partners: a pack flag would be better
// (see docs/decisions/0032).
bool offeredAgain(const core::FieldDef& field) {
  return field.type == core::FieldType::reference || field.id == "partners";
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

  undoTimer_.setSingleShot(true);
  undoTimer_.setInterval(5000);
  connect(&undoTimer_, &QTimer::timeout, this, &Session::commitPendingDelete);
  inactivityTimer_.setSingleShot(true);
  inactivityTimer_.setInterval(lockTimeoutMinutes_ * 60'000);
  connect(&inactivityTimer_, &QTimer::timeout, this, &Session::lock);
  if (qGuiApp != nullptr) {
    qGuiApp->installEventFilter(this);
    connect(qGuiApp, &QGuiApplication::applicationStateChanged, this, [this](Qt::ApplicationState state) {
      if (state == Qt::ApplicationHidden || state == Qt::ApplicationSuspended) lock();
    });
  }
  applyLanguage();
  createDemoStoreIfWanted();
  openExistingStore();
}

Session::~Session() {
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
  // The language is a device setting kept in clear, so the lock screen already speaks it.
  if (auto language = store_->metaValue("ui.language"); language && language.value()) {
    setLanguage(qs(*language.value()));
  }
  setStage(Stage::Locked);
  emit lockStateChanged();
}

QVariantList Session::forms() const {
  QVariantList list;
  for (const auto* form : forms_.latest_all()) {
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
    (void)store_->setMetaValue("ui.lock_timeout_minutes", std::to_string(minutes));
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

void Session::setUser(const QString& displayName, bool teamLead) {
  userName_ = displayName;
  teamLead_ = teamLead;
  emit userChanged();
}

void Session::refresh() {
  if (!store_ || stage_ != Stage::Unlocked) return;
  auto listing = store_->listRecords();
  records_->setRecords(std::move(listing.records), &forms_,
                       QDateTime::fromMSecsSinceEpoch(options_.clock()));
  if (auto counts = store_->counts()) {
    sync_->setCounts(int(counts->pending), int(counts->needsCorrection));
  }
}

DraftSetup Session::draftSetup(const core::FormDefinition& form) {
  DraftSetup setup;
  setup.form = form;
  setup.references = references_;
  setup.clock = options_.clock;
  setup.saveRecord = [this](core::Record& record) { return saveRecord(record); };
  return setup;
}

RecordDraft* Session::newDraft(const QString& formId) {
  const auto* form = forms_.latest(formId.toStdString());
  if (form == nullptr || stage_ != Stage::Unlocked) return nullptr;
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
  emit openDraftChanged();
  return openDraft_;
}

RecordDraft* Session::editDraft(const QString& recordId) {
  if (!store_ || stage_ != Stage::Unlocked) return nullptr;
  auto stored = store_->record(recordId.toStdString());
  if (!stored || stored->record.deleted) return nullptr;
  const auto* form = forms_.find(stored->record.form_id, stored->record.form_version);
  if (form == nullptr) return nullptr;
  DraftSetup setup = draftSetup(*form);
  setup.initialValues = stored->record.data;
  setup.initialValues[std::string(core::kOccurredAtField)] = stored->record.occurred_at;
  setup.editing = stored->record;
  discardDraft();
  openDraft_ = new RecordDraft(std::move(setup), this);
  openDraft_->setEnglish(english());
  emit openDraftChanged();
  return openDraft_;
}

void Session::discardDraft() {
  if (!openDraft_) return;
  openDraft_->deleteLater();
  openDraft_ = nullptr;
  emit openDraftChanged();
}

core::Status Session::saveRecord(core::Record& record) {
  if (!store_ || stage_ != Stage::Unlocked) {
    return core::make_problem("store_locked", 423, "Store locked", tr("Lås upp appen först.").toStdString());
  }
  auto written = record.hlc.empty()
                     ? store_->createRecord(record.form_id, record.form_version, record.occurred_at, record.data)
                     : store_->editRecord(record.id, record.occurred_at, record.data);
  if (!written) return written.problem();
  record = written.value();
  rememberLastUsed(record);
  refresh();
  emit recordSaved(qs(record.id));
  // The saved draft is no longer "unfinished". The page that shows it still needs it for its closing
  // transition, so it goes away a little later rather than under the page's bindings.
  if (openDraft_) {
    QTimer::singleShot(2000, openDraft_.data(), &QObject::deleteLater);
    openDraft_ = nullptr;
    emit openDraftChanged();
  }
  return core::Status(core::Ok{});
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
  (void)store_->vault().storeSecret(kLastUsedSecret, core::to_json_text(lastUsed_));
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
    if (auto status = store_->deleteRecord(id); !status) sync_->setError(qs(status.problem().detail));
  }
  records_->setHiddenId({});
  refresh();
  emit pendingDeleteChanged();
}

}  // namespace faltlogg::client
