// Qt Quick Test runner for tests/qml: links the static Faltlogg modules and gives every test file's
// engine a Session on its own throwaway demo store.
#include "models/session.hpp"

#include <QQmlEngine>
#include <QQuickStyle>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(FaltloggPlugin)
Q_IMPORT_QML_PLUGIN(Faltlogg_ModelsPlugin)

class Setup : public QObject {
  Q_OBJECT

 public slots:
  void applicationAvailable() {
    QQuickStyle::setStyle(QStringLiteral("Material"));
    faltlogg::client::SessionOptions options;
    options.demo = true;  // empty data directory: a fresh temporary store per Session
    options.kdf = faltlogg::core::KdfStrength::test_fast;
    faltlogg::client::Session::setDefaultOptions(options);
  }

  // The modules' qmldir files live in the resources at :/Faltlogg (Qt 6.4 has no default qrc import
  // path for them), and without the qmldir the QML-file types such as Main are unknown.
  void qmlEngineAvailable(QQmlEngine* engine) { engine->addImportPath(QStringLiteral("qrc:/")); }
};

QUICK_TEST_MAIN_WITH_SETUP(faltlogg_ui, Setup)

#include "qml_test_main.moc"
