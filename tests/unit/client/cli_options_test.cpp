#include "cli/cli_options.hpp"

#include <gtest/gtest.h>

namespace faltlogg::client::cli {
namespace {

core::Result<CliOptions> parse(std::vector<std::string> args) { return parseCommandLine(args); }

TEST(CliOptions, ParsesStoreCommandValuesAndFlags) {
  auto options = parse({"--store", "/tmp/s", "sync", "--server", "https://127.0.0.1:1", "--ca", "ca.pem",
                        "--username", "anna", "--password-stdin", "--json"});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->storeDir, "/tmp/s");
  EXPECT_EQ(options->command, "sync");
  EXPECT_EQ(options->value("server"), "https://127.0.0.1:1");
  EXPECT_EQ(options->value("username"), "anna");
  EXPECT_TRUE(options->flag("password-stdin"));
  EXPECT_TRUE(options->flag("json"));
  EXPECT_FALSE(options->value("device-name").has_value());
}

TEST(CliOptions, JsonIsAValueForAddAndAFlagForList) {
  auto add = parse({"--store", "d", "add", "--form", "faltkontakt", "--json", "{}"});
  ASSERT_TRUE(add.ok());
  EXPECT_EQ(add->value("json"), "{}");
  auto list = parse({"--store", "d", "list", "--json"});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->flag("json"));
  EXPECT_FALSE(parse({"--store", "d", "add", "--form", "f", "--json"}).ok()) << "add --json needs its value";
}

TEST(CliOptions, RefusesWhatItDoesNotKnow) {
  EXPECT_EQ(parse({}).problem().code, "usage");
  EXPECT_EQ(parse({"list"}).problem().code, "usage") << "--store is required";
  EXPECT_EQ(parse({"--store", "d"}).problem().code, "usage") << "a command is required";
  EXPECT_EQ(parse({"--store", "d", "explode"}).problem().code, "usage");
  EXPECT_EQ(parse({"--store", "d", "list", "--server", "x"}).problem().code, "usage");
  EXPECT_EQ(parse({"--store", "d", "list", "stray"}).problem().code, "usage");
  EXPECT_EQ(parse({"--verbose", "--store", "d", "list"}).problem().code, "usage");
  EXPECT_EQ(parse({"--store"}).problem().code, "usage");
}

}  // namespace
}  // namespace faltlogg::client::cli
