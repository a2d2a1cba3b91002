#include "app/screenshot_runner.hpp"

#include "models/demo_data.hpp"
#include "models/session.hpp"

#include <QAccessible>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>

#include <cstdio>
#include <functional>
#include <vector>

namespace faltlogg::client {

namespace {

struct Screen {
  const char* name;  // file name part and Main.qml's showScreen() name
  const char* argument;
};

// The screens in the order a user meets them. "detail" and "edit" take a record chosen at run time.
const std::vector<Screen> kScreens = {
    {"setup", ""},  {"unlock", ""},   {"home", ""},   {"new", "faltkontakt"}, {"new-errors", "faltkontakt"},
    {"new-family", "familjebehandling"},
    {"new-family", "familjearende"},  // starting a case: no end fields (decision 0097)
    {"detail", "review"}, {"detail", "rejected"}, {"detail", "first"}, {"review", ""},
    {"settings", ""}, {"new-large-text", "faltkontakt"}, {"home-large-text", ""}, {"setup-large-text", ""},
    {"settings-large-text", ""}, {"cases", ""}, {"close-case", ""},  // the open dialog stays: last
};

// Light, then dark (docs/decisions/0090); the light files keep the names they always had.
const std::vector<std::pair<const char*, const char*>> kAppearances = {{"light", ""}, {"dark", "dark-"}};

void settle(int ms) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < ms) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
  }
}

Session* sessionOf(QQmlApplicationEngine& engine) {
  const int typeId = qmlTypeId("Faltlogg.Models", 1, 0, "Session");
  return engine.singletonInstance<Session*>(typeId);
}

QQuickWindow* windowOf(QQmlApplicationEngine& engine) {
  return engine.rootObjects().isEmpty() ? nullptr : qobject_cast<QQuickWindow*>(engine.rootObjects().first());
}

// The passphrase of the tablet store the tour makes when it enrols against a real server (a throwaway store).
constexpr const char* kTourPassphrase = "skärmbilder av demoserverns data";

QString tourPassphrase(bool enrolled) {
  return QString::fromUtf8(enrolled ? kTourPassphrase : kDemoPassphrase);
}

// The tour locks the app for the unlock screen; every later screen needs it unlocked again.
bool show(QQuickWindow* window, Session* session, const Screen& screen, const QString& passphrase) {
  const bool needsUnlocked = qstrcmp(screen.name, "setup") != 0 && qstrcmp(screen.name, "unlock") != 0;
  if (needsUnlocked && session->stage() == Session::Stage::Locked) {
    session->unlockAndWait(passphrase);
  }
  QVariant shown;
  QMetaObject::invokeMethod(window, "showScreen", Q_RETURN_ARG(QVariant, shown),
                            Q_ARG(QVariant, QString::fromLatin1(screen.name)),
                            Q_ARG(QVariant, QString::fromLatin1(screen.argument)));
  return shown.toBool();
}

// Enrols as a person would with the code's link, then waits for the first sync and its record list.
bool enrolForTour(Session* session, const QString& link) {
  session->enrol(link, QString::fromUtf8(kTourPassphrase));
  QElapsedTimer timer;
  timer.start();
  auto waitFor = [&](const std::function<bool()>& done) {
    while (!done() && timer.elapsed() < 90'000) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return done();
  };
  if (!waitFor([&] { return session->stage() == Session::Stage::Unlocked || !session->setupError().isEmpty(); }) ||
      session->stage() != Session::Stage::Unlocked) {
    std::fprintf(stderr, "screenshots: enrolment failed: %s\n", qPrintable(session->setupError()));
    return false;
  }
  waitFor([&] { return !session->sync()->busy() && session->sync()->state() != SyncStatus::State::NeverSynced; });
  settle(1500);  // the record list is read on the sync thread and arrives a moment later
  std::printf("screenshots: enrolled as %s (%s), %d own and %d team records\n", qPrintable(session->userName()),
              qPrintable(session->roles().join(QLatin1Char(','))), session->records()->count(),
              session->teamRecords()->count());
  return true;
}

}  // namespace

int runScreenshots(QQmlApplicationEngine& engine, const QString& directory, const QString& enrolLink) {
  auto* window = windowOf(engine);
  auto* session = sessionOf(engine);
  if (window == nullptr || session == nullptr || !QDir().mkpath(directory)) {
    std::fprintf(stderr, "screenshots: no window, no session or no output directory\n");
    return 1;
  }
  const bool enrolled = !enrolLink.isEmpty();
  if (enrolled && !enrolForTour(session, enrolLink)) return 1;
  const QString passphrase = tourPassphrase(enrolled);
  int written = 0;
  int failed = 0;
  int skipped = 0;
  for (const auto& [appearance, prefix] : kAppearances) {
    session->setAppearance(QString::fromLatin1(appearance));
    for (const char* language : {"sv", "en"}) {
      session->setLanguage(QString::fromLatin1(language));
      for (const auto& [orientation, size] : {std::pair{"portrait", QSize(800, 1280)}, std::pair{"landscape", QSize(1280, 800)},
                                              std::pair{"narrow", QSize(600, 960)}}) {
        window->resize(size);
        int index = 0;
        for (const auto& screen : kScreens) {
          ++index;
          if (!show(window, session, screen, passphrase)) {
            // The real server's data may have no record for a screen (none rejected, say); the demo store has.
            std::fprintf(stderr, "screenshots: screen %s %s could not be shown%s\n", screen.name, screen.argument,
                         enrolled ? " (nothing in this user's data for it)" : "");
            ++(enrolled ? skipped : failed);
            continue;
          }
          // A dialog fades in: the close dialog was caught half drawn (or not yet) at 150 ms.
          settle(qstrcmp(screen.name, "close-case") == 0 ? 600 : 150);
          const QString name = QStringLiteral("%1/%2-%3%4-%5-%6%7.png")
                                   .arg(directory, QString::fromLatin1(language), QString::fromLatin1(prefix),
                                        QString::fromLatin1(orientation))
                                   .arg(index, 2, 10, QLatin1Char('0'))
                                   .arg(QString::fromLatin1(screen.name),
                                        *screen.argument ? QStringLiteral("-") + QString::fromLatin1(screen.argument)
                                                         : QString{});
          if (window->grabWindow().save(name)) {
            ++written;
          } else {
            ++failed;
          }
        }
      }
    }
  }
  session->setAppearance(QStringLiteral("system"));
  std::printf("screenshots: %d written to %s, %d failed, %d skipped\n", written, qPrintable(directory), failed,
              skipped);
  return failed == 0 ? 0 : 1;
}

namespace {

// Every visible control on the current screen: at least 48×48 px and an accessible name. Reported, and
// counted as failures of the self-test.
int checkControls(QQuickItem* item, const QString& screen) {
  if (item == nullptr || !item->isVisible() || item->opacity() <= 0.0) return 0;
  int problems = 0;
  const bool control = item->inherits("QQuickAbstractButton") || item->inherits("QQuickTextField") ||
                       item->inherits("QQuickTextArea");
  // An item without a width yet is still being laid out (a delegate created a moment ago), not small.
  if (control && item->isEnabled() && item->width() > 0) {
    QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(item);
    const QString name = accessible != nullptr ? accessible->text(QAccessible::Name) : QString{};
    const bool tooSmall = item->height() < 47.5 || (item->inherits("QQuickAbstractButton") && item->width() < 47.5);
    if (name.trimmed().isEmpty() || tooSmall) {
      std::fprintf(stderr, "self-test: %s: %s '%s' is %.0fx%.0f%s\n", qPrintable(screen), item->metaObject()->className(),
                   qPrintable(item->objectName()), item->width(), item->height(),
                   name.trimmed().isEmpty() ? " without an accessible name" : "");
      ++problems;
    }
  }
  for (QQuickItem* child : item->childItems()) problems += checkControls(child, screen);
  return problems;
}

}  // namespace

int runSelfTest(QQmlApplicationEngine& engine) {
  static int warnings = 0;
  qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
    // Qt Multimedia (asked by the setup page whether a camera exists) connects to the sound server too;
    // build machines and CI have none. The app plays no sound, so that one warning is not the app's.
    if (message.startsWith(QLatin1String("PulseAudioService:"))) return;
    if (type != QtDebugMsg && type != QtInfoMsg) {
      ++warnings;
      std::fprintf(stderr, "self-test: %s\n", qPrintable(message));
    }
  });
  auto* window = windowOf(engine);
  auto* session = sessionOf(engine);
  if (window == nullptr || session == nullptr) return 1;
  for (const auto& [appearance, prefix] : kAppearances) {
    session->setAppearance(QString::fromLatin1(appearance));
    for (const char* language : {"sv", "en"}) {
      session->setLanguage(QString::fromLatin1(language));
      for (const auto& screen : kScreens) {
        if (!show(window, session, screen, tourPassphrase(false))) {
          std::fprintf(stderr, "self-test: screen %s could not be shown\n", screen.name);
          ++warnings;
        }
        settle(100);
        warnings += checkControls(window->contentItem(), QString::fromLatin1(screen.name));
      }
    }
  }
  session->setAppearance(QStringLiteral("system"));
  std::printf("self-test: %zu screens x 2 languages x 2 appearances, %d warnings\n", kScreens.size(), warnings);
  return warnings == 0 ? 0 : 1;
}

}  // namespace faltlogg::client
