#include "api/enrolment_code.hpp"

#include "faltlogg/core/crypto.hpp"

#include <boost/json.hpp>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sodium.h>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

namespace faltlogg::server {

namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

core::Problem invalid_config(std::string detail) {
  return core::make_problem("invalid_config", 400, "Invalid configuration", std::move(detail));
}

std::string base64url(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool unreserved = std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

}  // namespace

std::string make_enrolment_code() {
  core::ensure_sodium();
  std::string code;
  for (std::size_t i = 0; i < kEnrolmentCodeLength; ++i) code += kCrockford[randombytes_uniform(32)];
  return code;
}

std::optional<std::string> normalize_enrolment_code(std::string_view typed) {
  if (typed.size() > 40) return std::nullopt;
  std::string code;
  for (char raw : typed) {
    if (raw == '-' || raw == ' ') continue;
    char c = static_cast<char>(std::toupper(static_cast<unsigned char>(raw)));
    if (c == 'I' || c == 'L') c = '1';
    if (c == 'O') c = '0';
    if (kCrockford.find(c) == std::string_view::npos || c == '\0') return std::nullopt;
    code += c;
  }
  if (code.size() != kEnrolmentCodeLength) return std::nullopt;
  return code;
}

std::string enrolment_code_hash(std::string_view normalized_code) {
  return core::hash_hex("faltlogg-enrolment-code:" + std::string(normalized_code));
}

std::string format_enrolment_code(std::string_view code) {
  if (code.size() != kEnrolmentCodeLength) return std::string(code);
  return std::string(code.substr(0, 5)) + "-" + std::string(code.substr(5));
}

core::Result<std::string> spki_pin_of_certificate(const std::filesystem::path& pem_file) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(pem_file.c_str(), "rb"), &std::fclose);
  if (!file) return invalid_config("cannot read certificate " + pem_file.string());
  std::unique_ptr<X509, void (*)(X509*)> cert(PEM_read_X509(file.get(), nullptr, nullptr, nullptr), &X509_free);
  if (!cert) return invalid_config("no PEM certificate in " + pem_file.string());
  unsigned char* der = nullptr;
  const int length = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert.get()), &der);
  if (length <= 0 || der == nullptr) return invalid_config("cannot encode the public key of " + pem_file.string());
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), der, static_cast<unsigned long long>(length));
  OPENSSL_free(der);
  return "sha256/" + base64url(digest.data(), digest.size());
}

core::Result<std::string> check_public_url(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (url.size() > 512) return invalid_config("public_url: at most 512 characters");
  if (url.substr(0, kScheme.size()) != kScheme) return invalid_config("public_url: must start with https://");
  std::string_view rest = url.substr(kScheme.size());
  while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.empty() || rest.front() == '/' || rest.front() == ':') return invalid_config("public_url: needs a host");
  for (char c : rest) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '?' || c == '#' || c == '@' || c == '\\' || c == '"' || c == '<' ||
        c == '>') {
      return invalid_config("public_url: only https://host[:port][/path], without query, fragment or spaces");
    }
  }
  return std::string(kScheme) + std::string(rest);
}

std::string default_public_url(const std::string& listen_host, std::uint16_t port) {
  std::string host = listen_host;
  if (host.empty() || host == "0.0.0.0" || host == "::" || host == "[::]") {
    std::array<char, 256> name{};
    host = ::gethostname(name.data(), name.size() - 1) == 0 && name[0] != '\0' ? std::string(name.data())
                                                                                  : "localhost";
  } else if (host.find(':') != std::string::npos && host.front() != '[') {
    host = "[" + host + "]";
  }
  return "https://" + host + (port == 443 ? "" : ":" + std::to_string(port));
}

std::string enrolment_uri(std::string_view public_url, std::string_view code, std::string_view pin) {
  return "faltlogg://enrol?server=" + percent_encode(public_url) + "&code=" + std::string(code) + "&pin=" +
         std::string(pin);
}

void write_server_identity(const std::filesystem::path& data_dir, const ServerIdentity& identity) {
  const std::filesystem::path file = data_dir / "server_identity.json";
  const std::filesystem::path temp = file.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << boost::json::serialize(boost::json::object{{"public_url", identity.public_url}, {"pin", identity.pin}})
        << "\n";
    if (!out.flush()) throw std::runtime_error("cannot write " + temp.string());
  }
  std::filesystem::rename(temp, file);
}

std::optional<ServerIdentity> read_server_identity(const std::filesystem::path& data_dir) {
  std::ifstream in(data_dir / "server_identity.json");
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text.str(), ec);
  if (ec || !value.is_object()) return std::nullopt;
  const auto* url = value.as_object().if_contains("public_url");
  const auto* pin = value.as_object().if_contains("pin");
  if (url == nullptr || pin == nullptr || !url->is_string() || !pin->is_string()) return std::nullopt;
  return ServerIdentity{std::string(url->get_string()), std::string(pin->get_string())};
}

core::Result<IssuedEnrolment> issue_enrolment(Store& store, const User& user, const std::string& actor_id,
                                              const ServerIdentity& identity, core::Millis now_ms) {
  const std::string code = make_enrolment_code();
  const core::Millis expires = now_ms + kEnrolmentValidityMs;
  auto stored = store.create_enrolment({enrolment_code_hash(code), user.id, actor_id, now_ms, expires},
                                       {actor_id, "enrolment_create", user.id, "expires=" + core::format_rfc3339(expires)});
  if (!stored) return stored.problem();
  return IssuedEnrolment{code, core::format_rfc3339(expires), enrolment_uri(identity.public_url, code, identity.pin)};
}

}  // namespace faltlogg::server
