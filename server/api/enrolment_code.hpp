// The pieces of tablet enrolment that are not HTTP (PROTOCOL.md "Enrolment of a tablet"; decision 0043):
// codes, the server's public URL and key pin, the enrolment URI, and issuing a code for a user. Shared by
// POST /api/v1/enrolments and `faltlogg-admin enrol`.
#pragma once

#include "faltlogg/core/result.hpp"
#include "faltlogg/core/time.hpp"
#include "store/store.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace faltlogg::server {

constexpr core::Millis kEnrolmentValidityMs = 15 * 60 * 1000;
constexpr std::size_t kEnrolmentCodeLength = 10;

// 10 characters of Crockford base32 (0-9, A-Z without I, L, O, U): 50 random bits.
std::string make_enrolment_code();
// What a person may type: case-insensitive, hyphens and spaces ignored, and Crockford's readings of
// look-alikes (I and L as 1, O as 0). nullopt unless exactly 10 code characters remain.
std::optional<std::string> normalize_enrolment_code(std::string_view typed);
// How a code is stored: a hash of its normalized form, never the code.
std::string enrolment_code_hash(std::string_view normalized_code);
// "ABCDE-FGHJK": easier to read aloud and type; the hyphen is ignored when redeemed.
std::string format_enrolment_code(std::string_view code);

// "sha256/" + base64url (no padding) of the SHA-256 of the SubjectPublicKeyInfo of the first certificate
// in the PEM file: the key pin the tablet checks instead of a CA file. Problem invalid_config when the
// file holds no certificate.
core::Result<std::string> spki_pin_of_certificate(const std::filesystem::path& pem_file);

// Problem invalid_config unless `url` is https://host[:port][/path] without query, fragment, user info or
// spaces. Returns it without a trailing slash.
core::Result<std::string> check_public_url(std::string_view url);
// The default public URL from the listen address: https://HOST:PORT, with the machine's host name for a
// wildcard address (0.0.0.0, ::) and brackets around an IPv6 literal.
std::string default_public_url(const std::string& listen_host, std::uint16_t port);

// faltlogg://enrol?server=<percent-encoded URL>&code=<code>&pin=sha256/<base64url>
std::string enrolment_uri(std::string_view public_url, std::string_view code, std::string_view pin);

// What the running server publishes for `faltlogg-admin enrol`: DATA_DIR/server_identity.json, rewritten
// at each start (public URL and key pin are not secrets).
struct ServerIdentity {
  std::string public_url;
  std::string pin;
};
void write_server_identity(const std::filesystem::path& data_dir, const ServerIdentity& identity);
std::optional<ServerIdentity> read_server_identity(const std::filesystem::path& data_dir);

struct IssuedEnrolment {
  std::string code;  // plain, 10 characters
  std::string expires_at;
  std::string uri;
};

// Issues a code for `user` (stored hashed, audit-logged as enrolment_create by `actor_id`).
core::Result<IssuedEnrolment> issue_enrolment(Store& store, const User& user, const std::string& actor_id,
                                              const ServerIdentity& identity, core::Millis now_ms);

}  // namespace faltlogg::server
