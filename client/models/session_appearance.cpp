// Session: light or dark colours and the text size (docs/decisions/0090). Both are device preferences
// kept in clear in the store's meta table beside the language, so the lock screen already shows them and
// a restart keeps them. Qt 6.4 has no QStyleHints::colorScheme, so "Följ systemet" reads the platform
// palette: a window colour darker than mid-grey means the system is in dark mode.
#include "models/session.hpp"

#include <QEvent>
#include <QGuiApplication>
#include <QPalette>

#include <cmath>
#include <string>

namespace faltlogg::client {

namespace {

constexpr const char* kAppearanceKey = "ui.appearance";
constexpr const char* kTextScaleKey = "ui.text_scale";

QString normalizedAppearance(const QString& appearance) {
  if (appearance == QLatin1String("light") || appearance == QLatin1String("dark")) return appearance;
  return QStringLiteral("system");
}

// The three sizes Inställningar offers; anything else (a hand-edited meta value) snaps to the nearest.
double normalizedTextScale(double scale) {
  if (!std::isfinite(scale) || scale < 1.125) return 1.0;
  return scale < 1.375 ? 1.25 : 1.5;
}

}  // namespace

void Session::setAppearance(const QString& appearance) {
  const QString normalized = normalizedAppearance(appearance);
  if (normalized == appearance_) return;
  appearance_ = normalized;
  if (store_ && store_->isOpen()) (void)store_->setMetaValue(kAppearanceKey, appearance_.toStdString());
  emit appearanceChanged();
}

void Session::setTextScale(double scale) {
  const double normalized = normalizedTextScale(scale);
  if (normalized == textScale_) return;
  textScale_ = normalized;
  if (store_ && store_->isOpen()) (void)store_->setMetaValue(kTextScaleKey, std::to_string(textScale_));
  emit appearanceChanged();
}

// Called when a store is opened (before unlock): what this tablet's user chose last time.
void Session::loadAppearance() {
  if (!store_ || !store_->isOpen()) return;
  if (auto appearance = store_->metaValue(kAppearanceKey); appearance && appearance.value()) {
    appearance_ = normalizedAppearance(QString::fromStdString(*appearance.value()));
  }
  if (auto scale = store_->metaValue(kTextScaleKey); scale && scale.value()) {
    textScale_ = normalizedTextScale(std::atof(scale.value()->c_str()));
  }
  emit appearanceChanged();
}

// A store made at first start has no preferences yet: it keeps what the app shows now.
void Session::keepAppearanceInStore() {
  if (!store_ || !store_->isOpen()) return;
  if (auto stored = store_->metaValue(kAppearanceKey); stored && !stored.value()) {
    (void)store_->setMetaValue(kAppearanceKey, appearance_.toStdString());
  }
  if (auto stored = store_->metaValue(kTextScaleKey); stored && !stored.value()) {
    (void)store_->setMetaValue(kTextScaleKey, std::to_string(textScale_));
  }
}

void Session::readSystemPalette() {
  if (qGuiApp == nullptr) return;
  const bool dark = QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
  if (dark == systemDark_) return;
  systemDark_ = dark;
  emit appearanceChanged();
}

}  // namespace faltlogg::client
