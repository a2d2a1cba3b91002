// Runs faltlogg-cli as a child process, as scripts and support staff do: to completion, or in the
// background so a test can kill -9 it mid-sync.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace faltlogg::client::testing {

struct CliResult {
  int exitCode = -1;  // 128 + signal for a signal death
  std::string out;
  std::string err;
};

class CliRunner {
 public:
  // `scratch` holds the stdin/stdout/stderr files of the children.
  explicit CliRunner(std::filesystem::path scratch);

  // FALTLOGG_KDF=test_fast is always set; `env` adds or overrides variables.
  CliResult run(const std::vector<std::string>& args, const std::string& stdinText = "",
                const std::map<std::string, std::string>& env = {}) const;

  pid_t spawn(const std::vector<std::string>& args, const std::string& stdinText = "",
              const std::map<std::string, std::string>& env = {}) const;
  CliResult wait(pid_t pid) const;
  // Non-blocking check; true when the child has exited (its result is then in `result`).
  bool poll(pid_t pid, CliResult& result) const;
  void kill9(pid_t pid) const;

  static std::filesystem::path binary();

 private:
  CliResult collect(int status) const;
  std::filesystem::path scratch_;
};

}  // namespace faltlogg::client::testing
