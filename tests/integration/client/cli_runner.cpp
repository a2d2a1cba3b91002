#include "cli_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace faltlogg::client::testing {

namespace {

std::string readAll(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

CliRunner::CliRunner(std::filesystem::path scratch) : scratch_(std::move(scratch)) {
  std::filesystem::create_directories(scratch_);
}

std::filesystem::path CliRunner::binary() { return FALTLOGG_CLI_BIN; }

pid_t CliRunner::spawn(const std::vector<std::string>& args, const std::string& stdinText,
                       const std::map<std::string, std::string>& env) const {
  std::ofstream(scratch_ / "cli.in", std::ios::binary | std::ios::trunc) << stdinText;
  std::vector<std::string> argv_strings{binary().string()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_strings) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    const int in = ::open((scratch_ / "cli.in").c_str(), O_RDONLY);
    const int out = ::open((scratch_ / "cli.out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open((scratch_ / "cli.err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::setenv("FALTLOGG_KDF", "test_fast", 1);
    ::unsetenv("FALTLOGG_PASSPHRASE");
    for (const auto& [name, value] : env) {
      ::setenv(name.c_str(), value.c_str(), 1);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

CliResult CliRunner::collect(int status) const {
  CliResult result;
  if (WIFEXITED(status)) {
    result.exitCode = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exitCode = 128 + WTERMSIG(status);
  }
  result.out = readAll(scratch_ / "cli.out");
  result.err = readAll(scratch_ / "cli.err");
  return result;
}

CliResult CliRunner::wait(pid_t pid) const {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return collect(status);
}

bool CliRunner::poll(pid_t pid, CliResult& result) const {
  int status = 0;
  if (::waitpid(pid, &status, WNOHANG) != pid) {
    return false;
  }
  result = collect(status);
  return true;
}

void CliRunner::kill9(pid_t pid) const { ::kill(pid, SIGKILL); }

CliResult CliRunner::run(const std::vector<std::string>& args, const std::string& stdinText,
                         const std::map<std::string, std::string>& env) const {
  return wait(spawn(args, stdinText, env));
}

}  // namespace faltlogg::client::testing
