// Appearance and text size (docs/decisions/0090): "Följ systemet" follows the platform palette as it
// changes; the choice and the text size are kept in the store and read before unlock (the lock screen
// uses them); hand-edited or hostile values fall back to the defaults.
#include "models/demo_data.hpp"
#include "models/session.hpp"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QPalette>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace faltlogg::client {
namespace {

class AppearanceTest : public ::testing::Test {
 protected:
  std::unique_ptr<Session> demoSession() {
    SessionOptions options;
    options.dataDirectory = (dir_.path() + QStringLiteral("/store")).toStdString();
    options.demo = true;
    options.kdf = core::KdfStrength::test_fast;
    return std::make_unique<Session>(options);
  }

  void TearDown() override { QGuiApplication::setPalette(QPalette()); }

  QTemporaryDir dir_;
};

QPalette paletteWithWindow(const QColor& window) {
  QPalette palette;
  palette.setColor(QPalette::Window, window);
  return palette;
}

TEST_F(AppearanceTest, FollowingTheSystemReadsThePlatformPalette) {
  QGuiApplication::setPalette(paletteWithWindow(QColor(0xf0, 0xf0, 0xf0)));
  auto session = demoSession();
  EXPECT_EQ(session->appearance(), QStringLiteral("system"));
  EXPECT_FALSE(session->systemDark());
  QSignalSpy changed(session.get(), &Session::appearanceChanged);
  // The system switches to its night mode while the app runs.
  QGuiApplication::setPalette(paletteWithWindow(QColor(0x20, 0x22, 0x25)));
  QCoreApplication::processEvents();
  EXPECT_TRUE(session->systemDark());
  EXPECT_GE(changed.count(), 1);
  QGuiApplication::setPalette(paletteWithWindow(QColor(0xfa, 0xfa, 0xfa)));
  QCoreApplication::processEvents();
  EXPECT_FALSE(session->systemDark());
}

TEST_F(AppearanceTest, TheChoiceIsKeptAndReadBeforeUnlock) {
  {
    auto session = demoSession();
    ASSERT_TRUE(session->unlockAndWait(QString::fromUtf8(kDemoPassphrase)));
    session->setAppearance(QStringLiteral("dark"));
    session->setTextScale(1.25);
  }
  auto again = demoSession();
  ASSERT_EQ(again->stage(), Session::Stage::Locked);
  EXPECT_EQ(again->appearance(), QStringLiteral("dark")) << "the lock screen is dark already";
  EXPECT_DOUBLE_EQ(again->textScale(), 1.25);
}

TEST_F(AppearanceTest, UnknownValuesFallBackToTheDefaults) {
  {
    auto session = demoSession();
    ASSERT_TRUE(session->unlockAndWait(QString::fromUtf8(kDemoPassphrase)));
    session->setTextScale(1.5);
    session->setAppearance(QStringLiteral("light"));
    session->setAppearance(QStringLiteral("purple"));
    EXPECT_EQ(session->appearance(), QStringLiteral("system"));
    session->setTextScale(-3);
    EXPECT_DOUBLE_EQ(session->textScale(), 1.0);
    session->setTextScale(40);
    EXPECT_DOUBLE_EQ(session->textScale(), 1.5) << "never larger than the largest size offered";
    // Values edited into the meta table by hand.
    ASSERT_TRUE(session->store()->setMetaValue("ui.appearance", "<script>"));
    ASSERT_TRUE(session->store()->setMetaValue("ui.text_scale", "nan"));
  }
  auto again = demoSession();
  EXPECT_EQ(again->appearance(), QStringLiteral("system"));
  EXPECT_DOUBLE_EQ(again->textScale(), 1.0);
}

}  // namespace
}  // namespace faltlogg::client
