// Offscreen tours of the loaded UI: --screenshots renders each main screen in Swedish and English,
// portrait and landscape, to PNG; --self-test visits every screen and fails on any QML warning.
#pragma once

#include <QString>

class QQmlApplicationEngine;

namespace faltlogg::client {

int runScreenshots(QQmlApplicationEngine& engine, const QString& directory);
int runSelfTest(QQmlApplicationEngine& engine);

}  // namespace faltlogg::client
