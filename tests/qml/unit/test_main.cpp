// The models need a QGuiApplication (timers, the Session's event filter); offscreen is set by ctest.
#include <QGuiApplication>

#include <gtest/gtest.h>

int main(int argc, char** argv) {
  // gtest_discover_tests runs this binary without the test environment.
  if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  QGuiApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
