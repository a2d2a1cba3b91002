// One run of the app benchmark, in its own process so the start is cold (no QML cache in memory, a
// fresh engine, the store opened from disk):
//   faltlogg-app-bench prepare DIR   creates the demo store in DIR (once, outside the timing)
//   faltlogg-app-bench run DIR       prints "start_ms=… unlock_ms=… save_ms=…" and exits
// start_ms: process start → the unlock screen drawn; unlock_ms: passphrase accepted → the home screen
// drawn (Argon2id at the strength the store was made with); stored_ms: tap on Spara → the record saved
// (sealed, committed) and in the list model; save_ms: the same tap → the home screen drawn with it,
// which includes the page's closing transition.
#include "models/demo_data.hpp"
#include "models/record_draft.hpp"
#include "models/session.hpp"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>
#include <functional>

Q_IMPORT_QML_PLUGIN(FaltloggPlugin)
Q_IMPORT_QML_PLUGIN(Faltlogg_ModelsPlugin)

using namespace faltlogg::client;

namespace {

QElapsedTimer processClock;

bool waitFor(const std::function<bool()>& done, int timeoutMs = 30000) {
  QElapsedTimer timer;
  timer.start();
  while (!done() && timer.elapsed() < timeoutMs) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
  return done();
}

// Renders the current scene once: "interactive" means the user sees it. grabWindow() draws
// synchronously, where waiting for frameSwapped could wait for a frame nothing asked for.
void waitForFrame(QQuickWindow* window) { (void)window->grabWindow(); }

QQuickItem* findItem(QQuickWindow* window, const char* name) {
  return window->findChild<QQuickItem*>(QString::fromLatin1(name));
}

// Pages pushed by the StackView have no QObject parent to find them by; ask the stack.
bool showing(QQuickWindow* window, const char* pageName) {
  auto* stack = findItem(window, "stack");
  auto* current = stack != nullptr ? stack->property("currentItem").value<QQuickItem*>() : nullptr;
  return current != nullptr && current->objectName() == QLatin1String(pageName) && !stack->property("busy").toBool();
}

QQuickItem* currentPage(QQuickWindow* window) {
  auto* stack = findItem(window, "stack");
  return stack != nullptr ? stack->property("currentItem").value<QQuickItem*>() : nullptr;
}

int run(const QString& directory) {
  SessionOptions options;
  options.dataDirectory = directory.toStdString();
  Session::setDefaultOptions(options);
  QQmlApplicationEngine engine;
  engine.load(QUrl(QStringLiteral("qrc:/Faltlogg/Main.qml")));
  auto* window = engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(engine.rootObjects().first());
  auto* session = engine.singletonInstance<Session*>(qmlTypeId("Faltlogg.Models", 1, 0, "Session"));
  if (window == nullptr || session == nullptr || !waitFor([&] { return showing(window, "unlockPage"); })) {
    auto* page = window != nullptr ? currentPage(window) : nullptr;
    std::fprintf(stderr, "bench: the unlock screen did not appear (stage %d, page %s)\n",
                 session != nullptr ? int(session->stage()) : -1,
                 page != nullptr ? qPrintable(page->objectName()) : "none");
    return 1;
  }
  waitForFrame(window);
  const qint64 startMs = processClock.elapsed();

  QElapsedTimer unlockTimer;
  unlockTimer.start();
  if (!session->unlockAndWait(QString::fromUtf8(kDemoPassphrase)) ||
      !waitFor([&] { return showing(window, "homePage"); })) {
    std::fprintf(stderr, "bench: unlock failed\n");
    return 1;
  }
  waitForFrame(window);
  const qint64 unlockMs = unlockTimer.elapsed();

  // A complete contact, filled through the draft the form page shows; the timing starts at the tap.
  QMetaObject::invokeMethod(window, "openForm", Q_ARG(QVariant, QVariant::fromValue(session->newDraft("faltkontakt"))));
  RecordDraft* draft = session->openDraft();
  draft->setInteger("duration_min", 30);
  draft->chooseOption("area_id", "demo-norr");
  draft->chooseOption("arena", "utomhus");
  draft->chooseOption("kontakt", "ny");
  draft->chooseOption("aktivitet", "uppsokande_runda");
  draft->stepGridCell("youths", 0, 1, 2);
  draft->setBool("in_pair", true);
  waitFor([&] { return showing(window, "recordFormPage"); });
  waitForFrame(window);
  const int before = session->records()->count();
  auto* save = currentPage(window)->findChild<QQuickItem*>(QStringLiteral("saveToolButton"));
  if (save == nullptr) {
    std::fprintf(stderr, "bench: no save button\n");
    return 1;
  }

  QElapsedTimer saveTimer;
  saveTimer.start();
  qint64 storedMs = -1;
  auto counted = QObject::connect(session->records(), &RecordListModel::countChanged, window,
                                  [&] { if (storedMs < 0) storedMs = saveTimer.elapsed(); });
  QTest::mouseClick(window, Qt::LeftButton, {}, save->mapToScene(QPointF(save->width() / 2, save->height() / 2)).toPoint());
  if (!waitFor([&] { return session->records()->count() == before + 1 && showing(window, "homePage"); })) {
    std::fprintf(stderr, "bench: the record did not reach the list\n");
    return 1;
  }
  waitForFrame(window);
  const qint64 saveMs = saveTimer.elapsed();
  QObject::disconnect(counted);
  std::printf("start_ms=%lld unlock_ms=%lld stored_ms=%lld save_ms=%lld\n", static_cast<long long>(startMs),
              static_cast<long long>(unlockMs), static_cast<long long>(storedMs), static_cast<long long>(saveMs));
  return 0;
}

}  // namespace

int main(int argc, char* argv[]) {
  processClock.start();
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv);
  QQuickStyle::setStyle(QStringLiteral("Material"));
  const QStringList args = QGuiApplication::arguments();
  if (args.size() != 3 || (args[1] != QLatin1String("prepare") && args[1] != QLatin1String("run"))) {
    std::fprintf(stderr, "usage: faltlogg-app-bench prepare|run DIR\n");
    return 2;
  }
  if (args[1] == QLatin1String("prepare")) {
    auto forms = faltlogg::core::FormRegistry::load_directory(faltlogg::core::default_forms_dir());
    if (!forms) return 1;
    auto status = createDemoStore(args[2].toStdString(), forms.value(), kdfStrengthFromEnvironment(),
                                  faltlogg::core::now_millis());
    if (!status) std::fprintf(stderr, "bench: %s\n", status.problem().detail.c_str());
    return status ? 0 : 1;
  }
  return run(args[2]);
}
