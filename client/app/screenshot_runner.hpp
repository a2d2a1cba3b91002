// Offscreen tours of the loaded UI: --screenshots renders each main screen in Swedish and English,
// portrait and landscape, to PNG; --self-test visits every screen and fails on any QML warning.
#pragma once

#include <QString>

class QQmlApplicationEngine;

namespace faltlogg::client {

// With an enrolment link the tablet is first enrolled against that (real) server and the tour shows its
// data; screens the data has nothing for (no rejected record, say) are skipped and named.
int runScreenshots(QQmlApplicationEngine& engine, const QString& directory, const QString& enrolLink = {});
int runSelfTest(QQmlApplicationEngine& engine);

}  // namespace faltlogg::client
