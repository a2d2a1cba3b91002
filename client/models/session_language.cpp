// Session: the UI language. Swedish is the source language of every string (docs/decisions/0030), so
// Swedish needs no translator; English loads the compiled Qt Linguist catalogue from the resources.
#include "models/session.hpp"

#include <QCoreApplication>
#include <QQmlEngine>
#include <QTranslator>

namespace faltlogg::client {

void Session::setLanguage(const QString& language) {
  const QString normalized = language == QLatin1String("en") ? QStringLiteral("en") : QStringLiteral("sv");
  if (normalized == language_) return;
  language_ = normalized;
  applyLanguage();
  if (store_ && store_->isOpen()) {
    if (auto saved = store_->setMetaValue("ui.language", language_.toStdString()); !saved) {
      qWarning("A setting could not be kept on the tablet: %s", saved.problem().code.c_str());
    }
  }
  emit languageChanged();
  emit formsChanged();
}

void Session::applyLanguage() {
  if (translator_ != nullptr) {
    QCoreApplication::removeTranslator(translator_);
    delete translator_;
    translator_ = nullptr;
  }
  if (english()) {
    translator_ = new QTranslator(this);
    if (translator_->load(QStringLiteral(":/i18n/faltlogg_en.qm"))) {
      QCoreApplication::installTranslator(translator_);
    } else {
      qWarning("English translation missing from the resources; showing Swedish");
    }
  }
  records_->setEnglish(english());
  teamRecords_->setEnglish(english());
  cases_->setEnglish(english());
  team_->setEnglish(english());
  if (openDraft_) openDraft_->setEnglish(english());
  sync_->retranslate();
  if (engine_ != nullptr) engine_->retranslate();
}

}  // namespace faltlogg::client
