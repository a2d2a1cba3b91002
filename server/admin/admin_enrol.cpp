#include "admin/admin_enrol.hpp"

#include "api/enrolment_code.hpp"

#include <qrencode.h>

#include <memory>
#include <vector>

namespace faltlogg::server {

namespace {

constexpr int kQuietZone = 4;

// The module matrix with its quiet zone, true = dark.
std::vector<std::vector<bool>> qr_modules(const std::string& text) {
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                  &QRcode_free);
  if (!code) return {};
  const int size = code->width + 2 * kQuietZone;
  std::vector<std::vector<bool>> modules(static_cast<std::size_t>(size), std::vector<bool>(size, false));
  for (int y = 0; y < code->width; ++y) {
    for (int x = 0; x < code->width; ++x) {
      modules[y + kQuietZone][x + kQuietZone] = (code->data[y * code->width + x] & 1) != 0;
    }
  }
  return modules;
}

int fail(std::ostream& err, const std::string& message) {
  err << "faltlogg-admin: " << message << "\n";
  return 1;
}

}  // namespace

std::string render_qr_ansi(const std::string& text) {
  const auto modules = qr_modules(text);
  if (modules.empty()) return {};
  const std::size_t size = modules.size();
  std::string out;
  for (std::size_t y = 0; y < size; y += 2) {
    for (std::size_t x = 0; x < size; ++x) {
      const bool top = modules[y][x];
      const bool bottom = y + 1 < size && modules[y + 1][x];
      out += top ? "\x1b[30m" : "\x1b[97m";
      out += bottom ? "\x1b[40m" : "\x1b[107m";
      out += "\u2580";
    }
    out += "\x1b[0m\n";
  }
  return out;
}

int admin_enrol(Store& store, const std::string& data_dir, const std::string& username,
                const std::map<std::string, std::string>& options, std::ostream& out, std::ostream& err) {
  auto option = [&](const std::string& name) -> std::optional<std::string> {
    auto it = options.find(name);
    return it == options.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  const std::string qr = option("qr").value_or("ansi");
  if (qr != "ansi" && qr != "none") return fail(err, "--qr must be ansi or none");
  ServerIdentity identity = read_server_identity(data_dir).value_or(ServerIdentity{});
  if (auto url = option("server-url")) {
    auto checked = check_public_url(*url);
    if (!checked) return fail(err, checked.problem().detail);
    identity.public_url = *checked;
  }
  if (auto cert = option("cert")) {
    auto pin = spki_pin_of_certificate(*cert);
    if (!pin) return fail(err, pin.problem().detail);
    identity.pin = *pin;
  }
  if (identity.public_url.empty() || identity.pin.empty()) {
    return fail(err, "the server's address and key pin are unknown: start faltlogg-server once with this data dir "
                     "(it records them), or give --server-url https://HOST:PORT and --cert SERVER.pem");
  }
  auto user = store.find_user_by_username(username);
  if (!user) return fail(err, "no user with this username");
  if (user->disabled) return fail(err, "this user is disabled");
  auto issued = issue_enrolment(store, *user, "admin-cli", identity, core::now_millis());
  if (!issued) return fail(err, issued.problem().detail);
  out << "Enrolment code for " << user->username << " (" << user->display_name << "): "
      << format_enrolment_code(issued->code) << "\n"
      << "Valid until " << issued->expires_at << " (15 minutes), once. A new code replaces this one.\n"
      << "URI: " << issued->uri << "\n";
  if (qr == "ansi") out << "\n" << render_qr_ansi(issued->uri) << "\n";
  out << "On the tablet: \"Skanna QR-kod\", or \"Skriv koden\" and type the code above.\n";
  return 0;
}

}  // namespace faltlogg::server
