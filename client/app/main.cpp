// faltlogg: the tablet app. Parses the command line, configures the Session singleton and loads
// Main.qml; --screenshots and --self-test run offscreen and exit.
#include "app/app_options.hpp"
#include "app/screenshot_runner.hpp"

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(FaltloggPlugin)
Q_IMPORT_QML_PLUGIN(Faltlogg_ModelsPlugin)

namespace {

// Screenshots and the self-test need no display: default them to the offscreen platform before the
// application object picks one.
void preferOffscreenForHeadlessRuns(int argc, char* argv[]) {
  if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) return;
  for (int i = 1; i < argc; ++i) {
    if (qstrcmp(argv[i], "--screenshots") == 0 || qstrcmp(argv[i], "--self-test") == 0) {
      qputenv("QT_QPA_PLATFORM", "offscreen");
      return;
    }
  }
}

}  // namespace

int main(int argc, char* argv[]) {
  preferOffscreenForHeadlessRuns(argc, argv);
  QGuiApplication app(argc, argv);
  QGuiApplication::setApplicationName(QStringLiteral("faltlogg"));
  QGuiApplication::setOrganizationName(QStringLiteral("Stockholms stad"));
  QQuickStyle::setStyle(QStringLiteral("Material"));

  using namespace faltlogg::client;
  const AppOptions options = parseAppOptions(QGuiApplication::arguments());
  if (!options.error.isEmpty()) {
    std::fprintf(stderr, "%s\n", qPrintable(options.error));
    return 2;
  }
  Session::setDefaultOptions(options.session);

  QQmlApplicationEngine engine;
  engine.load(QUrl(QStringLiteral("qrc:/Faltlogg/Main.qml")));
  if (engine.rootObjects().isEmpty()) return 1;

  if (options.selfTest) {
    return runSelfTest(engine);
  }
  if (!options.screenshotDirectory.isEmpty()) {
    return runScreenshots(engine, options.screenshotDirectory, options.enrolLink);
  }
  return QGuiApplication::exec();
}
