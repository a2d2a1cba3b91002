// Command line of the tablet app:
//   faltlogg [--data-dir DIR] [--demo] [--language sv|en] [--screenshots DIR [--enrol LINK]] [--self-test]
#pragma once

#include "models/session.hpp"

#include <QString>
#include <QStringList>

#include <optional>

namespace faltlogg::client {

struct AppOptions {
  SessionOptions session;
  QString screenshotDirectory;  // render every main screen to PNG here, then exit
  bool selfTest = false;        // load all QML and quit (a ctest)
  // With --screenshots: enrol this tablet with the faltlogg://enrol link (a real server, its real data)
  // instead of touring the fictional demo store.
  QString enrolLink;
  QString error;                // set when the command line is unusable
};

AppOptions parseAppOptions(const QStringList& arguments);

}  // namespace faltlogg::client
