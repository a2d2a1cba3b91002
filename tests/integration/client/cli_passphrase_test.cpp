// faltlogg-cli change-passphrase as a process: the new passphrase opens the store and every record, the old
// one no longer does; bad input changes nothing; and a kill midway (a fail point inside the transaction, or
// right after its commit) leaves exactly one of the two passphrases working, with every record readable.
#include "cli_runner.hpp"

#include "faltlogg/core/json.hpp"

#include <QTemporaryDir>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace faltlogg::client::testing {
namespace {

constexpr const char* kOld = "gammal lösenfras med ord";
constexpr const char* kNew = "ny lösenfras med fler ord";
constexpr const char* kRecord =
    R"({"occurred_at":"2026-03-02T18:30:00+01:00","duration_min":30,"area_id":"omr-1","arena":"utomhus",)"
    R"("kontakt":"kand","aktivitet":"relationsskapande","youths":{"pojke":{"13_15":2}},"in_pair":true})";

class CliPassphrase : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.isValid());
    ASSERT_EQ(cli({"init", "--passphrase-stdin"}, std::string(kOld) + "\n").exitCode, 0);
    for (int i = 0; i < 3; ++i) {
      auto added = cli({"add", "--passphrase-stdin", "--form", "faltkontakt", "--json", kRecord},
                       std::string(kOld) + "\n");
      ASSERT_EQ(added.exitCode, 0) << added.err;
    }
  }

  CliResult cli(std::vector<std::string> args, const std::string& stdinText,
                const std::map<std::string, std::string>& env = {}) const {
    args.insert(args.begin(), {"--store", store()});
    return runner_.run(args, stdinText, env);
  }
  std::string store() const { return (dir_.path() + QStringLiteral("/store")).toStdString(); }

  // How many records `list` shows with this passphrase; -1 when the store does not open with it.
  int recordsWith(const std::string& passphrase) const {
    auto listed = cli({"list", "--json", "--passphrase-stdin"}, passphrase + "\n");
    if (listed.exitCode != 0) return -1;
    auto json = core::parse_json(listed.out);
    if (!json || !json->is_object()) return -2;
    const auto* records = json->as_object().if_contains("records");
    return records != nullptr && records->is_array() ? int(records->as_array().size()) : -3;
  }

  CliResult change(const std::string& current, const std::string& replacement,
                   const std::map<std::string, std::string>& env = {}) const {
    return cli({"change-passphrase", "--passphrase-stdin"}, current + "\n" + replacement + "\n", env);
  }

  QTemporaryDir dir_;
  CliRunner runner_{std::filesystem::path(dir_.path().toStdString()) / "cli"};
};

TEST_F(CliPassphrase, TheNewPassphraseOpensEveryRecordAndTheOldNoLonger) {
  auto changed = change(kOld, kNew);
  ASSERT_EQ(changed.exitCode, 0) << changed.err;
  EXPECT_EQ(recordsWith(kNew), 3);
  EXPECT_EQ(recordsWith(kOld), -1);
}

TEST_F(CliPassphrase, BadInputIsRefusedAndChangesNothing) {
  EXPECT_EQ(change(kOld, "").exitCode, 2) << "no new passphrase";
  EXPECT_EQ(change(kOld, "kort").exitCode, 2) << "too short";
  EXPECT_EQ(change(kOld, kOld).exitCode, 2) << "the same again";
  auto wrong = change("fel lösenfras helt", kNew);
  EXPECT_EQ(wrong.exitCode, 4) << wrong.err;
  EXPECT_NE(wrong.err.find("[wrong_passphrase]"), std::string::npos) << wrong.err;
  auto missing = runner_.run({"--store", store() + "-none", "change-passphrase", "--passphrase-stdin"},
                             std::string(kOld) + "\n" + kNew + "\n");
  EXPECT_EQ(missing.exitCode, 1) << "no store there";
  EXPECT_EQ(recordsWith(kOld), 3);
  EXPECT_EQ(recordsWith(kNew), -1);
}

TEST_F(CliPassphrase, AKillInsideTheTransactionLeavesTheOldPassphrase) {
  auto killed = change(kOld, kNew, {{"FALTLOGG_CLI_FAIL_POINT", "rewrapped"}});
  ASSERT_EQ(killed.exitCode, 86) << "the fail point ended the process: " << killed.err;
  EXPECT_EQ(recordsWith(kOld), 3);
  EXPECT_EQ(recordsWith(kNew), -1);
  // And the change can simply be done again.
  ASSERT_EQ(change(kOld, kNew).exitCode, 0);
  EXPECT_EQ(recordsWith(kNew), 3);
}

TEST_F(CliPassphrase, AKillRightAfterTheCommitLeavesTheNewPassphrase) {
  auto killed = change(kOld, kNew, {{"FALTLOGG_CLI_FAIL_POINT", "committed"}});
  ASSERT_EQ(killed.exitCode, 86) << killed.err;
  EXPECT_EQ(recordsWith(kNew), 3);
  EXPECT_EQ(recordsWith(kOld), -1);
}

TEST_F(CliPassphrase, AKill9AtAnyMomentLeavesOneOfTheTwo) {
  // Without a fail point: SIGKILL after a growing delay, so some kills land in the key derivation, some in
  // the transaction and some after it. Whatever happened, exactly one passphrase opens all three records.
  for (int delayMs : {0, 5, 20, 60, 150}) {
    std::string current = recordsWith(kOld) == 3 ? kOld : kNew;
    std::string next = current == kOld ? kNew : kOld;
    const pid_t pid = runner_.spawn({"--store", store(), "change-passphrase", "--passphrase-stdin"},
                                    current + "\n" + next + "\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
    runner_.kill9(pid);
    (void)runner_.wait(pid);
    const int withOld = recordsWith(kOld);
    const int withNew = recordsWith(kNew);
    EXPECT_TRUE((withOld == 3 && withNew == -1) || (withOld == -1 && withNew == 3))
        << "after " << delayMs << " ms: old " << withOld << ", new " << withNew;
  }
}

}  // namespace
}  // namespace faltlogg::client::testing
