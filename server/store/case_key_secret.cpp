#include "store/case_key_secret.hpp"

#include "faltlogg/core/crypto.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace faltlogg::server {

namespace {

std::string read_secret(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open case key secret " + file.string() + ": " + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0 || (info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    ::close(fd);
    throw std::runtime_error("case key secret " + file.string() + " must be readable by its owner only (0600)");
  }
  std::string secret(kCaseKeySecretBytes * 2, '\0');
  const ssize_t got = ::read(fd, secret.data(), secret.size());
  ::close(fd);
  if (got < static_cast<ssize_t>(16)) {
    throw std::runtime_error("case key secret " + file.string() + " is shorter than 16 bytes");
  }
  secret.resize(static_cast<std::size_t>(got));
  return secret;
}

// O_EXCL: two processes starting at once (server and admin) cannot both write a different secret;
// the loser reads the winner's file.
bool try_create_secret(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw std::runtime_error("cannot create case key secret " + file.string() + ": " + std::strerror(errno));
  }
  core::Bytes bytes = core::random_bytes(kCaseKeySecretBytes);
  const ssize_t written = ::write(fd, bytes.data(), bytes.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (written != static_cast<ssize_t>(bytes.size()) || !synced) {
    std::filesystem::remove(file);
    throw std::runtime_error("cannot write case key secret " + file.string());
  }
  return true;
}

}  // namespace

std::filesystem::path case_key_secret_file(const std::filesystem::path& data_dir) {
  return data_dir / "case_key.secret";
}

std::string load_or_create_case_key_secret(const std::filesystem::path& data_dir) {
  core::ensure_sodium();
  const auto file = case_key_secret_file(data_dir);
  try_create_secret(file);
  return read_secret(file);
}

}  // namespace faltlogg::server
