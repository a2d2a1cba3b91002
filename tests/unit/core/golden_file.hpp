// Golden-file helpers for the data-driven core tests: an input `x.json` has its expected output in
// `x.json.ref` beside it. Set FALTLOGG_UPDATE_GOLDEN=1 to (re)write the .ref files, then review the diff.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace faltlogg::test {

inline std::string read_text_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every `*.json` directly in dir, sorted, as names that read well in test output.
inline std::vector<std::string> json_files_in(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

inline std::string test_name_of(const std::string& file_name) {
  std::string name = file_name.substr(0, file_name.find('.'));
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A line diff good enough for short golden files: every line that differs, with its number.
inline std::string line_diff(const std::string& expected, const std::string& actual) {
  const auto want = lines_of(expected);
  const auto got = lines_of(actual);
  std::ostringstream out;
  for (std::size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
    const std::string* w = i < want.size() ? &want[i] : nullptr;
    const std::string* g = i < got.size() ? &got[i] : nullptr;
    if (w && g && *w == *g) continue;
    out << "line " << (i + 1) << ":\n";
    if (w) out << "  - " << *w << "\n";
    if (g) out << "  + " << *g << "\n";
  }
  return out.str();
}

// Compares actual with `<input>.ref`, or writes it when FALTLOGG_UPDATE_GOLDEN is set.
inline void expect_matches_golden(const std::filesystem::path& input, const std::string& actual) {
  const std::filesystem::path ref = input.string() + ".ref";
  if (const char* update = std::getenv("FALTLOGG_UPDATE_GOLDEN"); update != nullptr && *update == '1') {
    std::ofstream(ref, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(ref)) << "missing golden file " << ref << " (run with FALTLOGG_UPDATE_GOLDEN=1)";
  const std::string expected = read_text_file(ref);
  EXPECT_TRUE(expected == actual) << "golden mismatch for " << input.filename() << " (- expected, + actual):\n"
                              << line_diff(expected, actual);
}

}  // namespace faltlogg::test
