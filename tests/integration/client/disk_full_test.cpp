// A save that hits a full disk is reported as failed, and the store stays readable with every earlier
// save intact. The disk is "filled" with RLIMIT_FSIZE in a forked child (SIGXFSZ ignored, so writes past
// the limit fail with EFBIG): this needs no root and no mount, unlike a small tmpfs (decision 0013).
#include "store/local_store.hpp"

#include "faltlogg/core/json.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>

namespace faltlogg::client {
namespace {

constexpr const char* kPassphrase = "disk full passphrase";

boost::json::object bulkyData(int i) {
  // Incompressible notes make each save a few kB, so the limit is reached after a handful of saves.
  std::mt19937 random(static_cast<unsigned>(i));
  std::string notes;
  for (int c = 0; c < 1900; ++c) {
    notes.push_back(static_cast<char>('a' + random() % 26));
  }
  return boost::json::object{{"duration_min", 10}, {"area_id", "omr-1"}, {"arena", "skola"},
                             {"contact_kind", "grupp"}, {"in_pair", true}, {"notes", notes}};
}

struct ChildReport {
  int saved = 0;
  char problemCode[64] = {};
};

// Runs in the forked child: saves until a save fails, reports how many succeeded and why it stopped.
[[noreturn]] void saveUntilFull(const std::filesystem::path& dir, std::uintmax_t limitBytes, int reportFd) {
  ::signal(SIGXFSZ, SIG_IGN);
  ChildReport report;
  auto store = LocalStore::open(dir, LocalStore::OpenMode::openExisting, core::KdfStrength::test_fast);
  if (!store || !store.value()->unlock(kPassphrase)) {
    ::_exit(2);
  }
  const rlimit limit{limitBytes, limitBytes};
  ::setrlimit(RLIMIT_FSIZE, &limit);
  for (int i = 0; i < 100000; ++i) {
    auto saved = store.value()->createRecord("faltkontakt", 1, "2026-11-20T10:00:00.000Z", bulkyData(i));
    if (!saved) {
      std::strncpy(report.problemCode, saved.problem().code.c_str(), sizeof(report.problemCode) - 1);
      break;
    }
    ++report.saved;
  }
  (void)!::write(reportFd, &report, sizeof(report));
  ::_exit(0);
}

TEST(DiskFull, FailedSaveIsReportedAndTheStoreStaysReadable) {
  const auto dir = std::filesystem::temp_directory_path() / ("faltlogg-disk-full-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto store = LocalStore::open(dir, LocalStore::OpenMode::createNew, core::KdfStrength::test_fast);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store.value()->initialize(kPassphrase).ok());
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(store.value()->createRecord("faltkontakt", 1, "2026-11-20T10:00:00.000Z", bulkyData(i)).ok());
    }
  }
  std::uintmax_t largest = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    largest = std::max(largest, entry.file_size());
  }
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    saveUntilFull(dir, largest + 64 * 1024, fds[1]);
  }
  ::close(fds[1]);
  ChildReport report;
  const auto got = ::read(fds[0], &report, sizeof(report));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child must not die of SIGXFSZ";
  ASSERT_EQ(got, static_cast<ssize_t>(sizeof(report)));
  EXPECT_GT(report.saved, 0) << "some saves fit under the limit";
  EXPECT_STREQ(report.problemCode, "storage_full") << "the failed save names the cause";

  // Back with space: everything saved before the failure is there and readable, the failed one is not.
  auto store = LocalStore::open(dir, LocalStore::OpenMode::openExisting, core::KdfStrength::test_fast);
  ASSERT_TRUE(store.ok()) << store.problem().detail;
  ASSERT_TRUE(store.value()->unlock(kPassphrase).ok());
  const auto listing = store.value()->listRecords();
  EXPECT_TRUE(listing.unreadable.empty());
  EXPECT_EQ(listing.records.size(), static_cast<std::size_t>(5 + report.saved));
  EXPECT_TRUE(store.value()->createRecord("faltkontakt", 1, "2026-11-20T10:00:00.000Z", bulkyData(1)).ok())
      << "the store keeps working once there is space again";
  store.value().reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace faltlogg::client
