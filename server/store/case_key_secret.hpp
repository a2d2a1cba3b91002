// The server secret that keys case pseudonyms in the rollups (analytics::case_key). It lives in the
// data dir beside the database, is created once (0600) and never logged: changing it would split every
// case in two, so it is only ever replaced together with `faltlogg-admin rollups rebuild`.
#pragma once

#include <filesystem>
#include <string>

namespace faltlogg::server {

inline constexpr std::size_t kCaseKeySecretBytes = 32;

std::filesystem::path case_key_secret_file(const std::filesystem::path& data_dir);

// Reads DIR/case_key.secret, creating it with fresh random bytes (mode 0600, O_EXCL) when absent.
// Throws std::runtime_error when the file exists but is unreadable, too short or readable by others.
std::string load_or_create_case_key_secret(const std::filesystem::path& data_dir);

}  // namespace faltlogg::server
