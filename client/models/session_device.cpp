// Session: the device settings that outlive a logout (which server, how it is trusted). A small JSON file
// beside the store, written atomically; nothing in it is secret (the pin is a public key's hash).
#include "faltlogg/core/json.hpp"
#include "models/draft_values.hpp"
#include "models/session.hpp"
#include "sync/enrol_link.hpp"

#include <QFile>
#include <QSaveFile>

#include <boost/json.hpp>

namespace faltlogg::client {

std::filesystem::path Session::deviceSettingsFile() const {
  return dataDirectory_.parent_path() / (dataDirectory_.filename().string() + ".device.json");
}

void Session::loadDeviceSettings() {
  QFile file(QString::fromStdString(deviceSettingsFile().string()));
  if (!file.open(QIODevice::ReadOnly) || file.size() > 64 * 1024) return;
  const QByteArray text = file.readAll();
  auto parsed = core::parse_json(std::string_view(text.constData(), std::size_t(text.size())));
  if (!parsed || !parsed->is_object()) return;  // a damaged file only costs a scan of the QR code
  const auto& object = parsed->get_object();
  DeviceSettings settings;
  settings.url = QUrl(qs(core::opt_string(object, "server_url").value_or("")));
  settings.caFile = qs(core::opt_string(object, "ca_file").value_or(""));
  settings.pin = parsePin(qs(core::opt_string(object, "pin").value_or("")));
  if (settings.url.scheme() != QLatin1String("https") || (settings.caFile.isEmpty() && settings.pin.isEmpty())) return;
  device_ = settings;
}

void Session::saveDeviceSettings(const DeviceSettings& settings) {
  device_ = settings;
  boost::json::object object{{"server_url", settings.url.toString().toStdString()}};
  if (!settings.caFile.isEmpty()) object["ca_file"] = settings.caFile.toStdString();
  if (!settings.pin.isEmpty()) object["pin"] = formatPin(settings.pin).toStdString();
  QSaveFile file(QString::fromStdString(deviceSettingsFile().string()));
  const std::string text = core::to_json_text(object);
  if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), qint64(text.size())) != qint64(text.size()) ||
      !file.commit()) {
    qWarning("The server settings could not be kept for the next login.");
  }
  emit setupStateChanged();
}

}  // namespace faltlogg::client
