#include "app/app_options.hpp"

#include <QCommandLineParser>
#include <QStandardPaths>

namespace faltlogg::client {

AppOptions parseAppOptions(const QStringList& arguments) {
  QCommandLineParser parser;
  parser.setApplicationDescription(QStringLiteral("Fältlogg – registrering av fältarbete"));
  parser.addHelpOption();
  const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Directory of the local store."),
                                   QStringLiteral("dir"));
  const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Use a demo store with fictional records."));
  const QCommandLineOption language(QStringLiteral("language"), QStringLiteral("sv (default) or en."),
                                    QStringLiteral("lang"), QStringLiteral("sv"));
  const QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                       QStringLiteral("Render every main screen to PNG files in dir and exit."),
                                       QStringLiteral("dir"));
  const QCommandLineOption selfTest(QStringLiteral("self-test"), QStringLiteral("Load all QML and quit."));
  const QCommandLineOption enrol(QStringLiteral("enrol"),
                                 QStringLiteral("With --screenshots and --data-dir: enrol with this faltlogg://enrol "
                                                "link and photograph the real server's data."),
                                 QStringLiteral("link"));
  parser.addOptions({dataDir, demo, language, screenshots, selfTest, enrol});

  AppOptions options;
  if (!parser.parse(arguments)) {
    options.error = parser.errorText();
    return options;
  }
  if (parser.isSet(QStringLiteral("help"))) {
    options.error = parser.helpText();
    return options;
  }
  const QString lang = parser.value(language);
  if (lang != QLatin1String("sv") && lang != QLatin1String("en")) {
    options.error = QStringLiteral("--language must be sv or en");
    return options;
  }
  options.session.language = lang;
  options.enrolLink = parser.value(enrol);
  if (!options.enrolLink.isEmpty() && (!parser.isSet(screenshots) || !parser.isSet(dataDir))) {
    options.error = QStringLiteral("--enrol needs --screenshots and --data-dir (an empty directory)");
    return options;
  }
  options.session.demo =
      parser.isSet(demo) || (parser.isSet(screenshots) && options.enrolLink.isEmpty()) || parser.isSet(selfTest);
  options.screenshotDirectory = parser.value(screenshots);
  options.selfTest = parser.isSet(selfTest);
  if (parser.isSet(dataDir)) {
    options.session.dataDirectory = parser.value(dataDir).toStdString();
  } else if (!options.session.demo) {
    options.session.dataDirectory =
        (QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/store")).toStdString();
  }
  // Screenshots and the self-test use a throwaway demo store (empty data dir = a temporary directory).
  return options;
}

}  // namespace faltlogg::client
