// `faltlogg-admin enrol`: the printed code redeems, the URI carries the published identity, and the
// terminal QR code decodes (with ZXing, the decoder the tablet uses) to exactly that URI.
#define ZX_USE_UTF8 1
#include "admin/admin_cli.hpp"
#include "admin/admin_enrol.hpp"
#include "api/enrolment_code.hpp"
#include "api_fixture.hpp"
#include "store/sqlite_store.hpp"

#include <ZXing/ReadBarcode.h>

#include <cstdlib>
#include <regex>
#include <sstream>

namespace faltlogg::server::testing {
namespace {

// Turns the ANSI half-block rendering back into a grey image, 4 pixels per module.
std::optional<std::string> decode_terminal_qr(const std::string& rendered) {
  std::vector<std::vector<bool>> rows;  // true = dark
  std::istringstream lines(rendered);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<bool> top;
    std::vector<bool> bottom;
    std::size_t at = 0;
    const std::string glyph = "\u2580";
    while ((at = line.find("\x1b[", at)) != std::string::npos) {
      const bool top_dark = line.compare(at, 5, "\x1b[30m") == 0;
      at = line.find('m', at) + 1;
      if (line.compare(at, 2, "\x1b[") != 0) break;  // the reset at the end of the line
      const bool bottom_dark = line.compare(at, 5, "\x1b[40m") == 0;
      at = line.find('m', at) + 1;
      if (line.compare(at, glyph.size(), glyph) != 0) return std::nullopt;
      at += glyph.size();
      top.push_back(top_dark);
      bottom.push_back(bottom_dark);
    }
    if (top.empty()) continue;
    rows.push_back(top);
    rows.push_back(bottom);
  }
  if (rows.empty()) return std::nullopt;
  constexpr int kScale = 4;
  const int width = static_cast<int>(rows[0].size()) * kScale;
  const int height = static_cast<int>(rows.size()) * kScale;
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width * height), 255);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const auto& row = rows[static_cast<std::size_t>(y / kScale)];
      const auto column = static_cast<std::size_t>(x / kScale);
      if (column < row.size() && row[column]) pixels[static_cast<std::size_t>(y * width + x)] = 0;
    }
  }
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  auto result = ZXing::ReadBarcode({pixels.data(), width, height, ZXing::ImageFormat::Lum}, hints);
  if (!result.isValid()) return std::nullopt;
  return result.text();
}

class AdminEnrolTest : public ::testing::Test {
 protected:
  AdminEnrolTest() : dir_(make_temp_dir()) {
    ::setenv("FALTLOGG_KDF", "test_fast", 1);
    run({"district", "add", "Norr"});
    run({"team", "add", "T", "--district", "Norr", "--areas", "a=A"});
    run({"user", "add", "anna", "--role", "field_worker", "--team", "T", "--password-stdin", "--display-name",
         "Anna Exempel"},
        "password123\n");
  }
  ~AdminEnrolTest() override { std::filesystem::remove_all(dir_); }

  int run(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"--data-dir", dir_.string()});
    std::istringstream in(input);
    out_.str("");
    err_.str("");
    return run_admin(args, in, out_, err_);
  }

  std::filesystem::path dir_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST(TerminalQr, DecodesToTheEncodedText) {
  const std::string uri =
      "faltlogg://enrol?server=https%3A%2F%2Ffaltlogg.example.se%3A8443&code=ABCDEFGHJK&pin=sha256/"
      "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";
  EXPECT_EQ(decode_terminal_qr(render_qr_ansi(uri)), uri);
}

TEST_F(AdminEnrolTest, PrintsACodeThatRedeemsAndAQrOfTheUri) {
  write_server_identity(dir_, {"https://srv.test:8443", "sha256/pin-from-the-server"});
  ASSERT_EQ(run({"enrol", "anna"}), 0) << err_.str();
  const std::string out = out_.str();
  std::smatch code_match;
  ASSERT_TRUE(std::regex_search(out, code_match, std::regex("([0-9A-HJKMNP-TV-Z]{5})-([0-9A-HJKMNP-TV-Z]{5})")))
      << out;
  const std::string code = code_match[1].str() + code_match[2].str();
  const std::string uri = "faltlogg://enrol?server=https%3A%2F%2Fsrv.test%3A8443&code=" + code +
                          "&pin=sha256/pin-from-the-server";
  EXPECT_NE(out.find("URI: " + uri + "\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Anna Exempel"), std::string::npos);
  EXPECT_EQ(decode_terminal_qr(out), uri);

  SqliteStore store(dir_);
  auto enrolled = store.redeem_enrolment({enrolment_code_hash(code), "tablet", "token-hash", core::now_millis() + 1000,
                                          core::now_millis()});
  ASSERT_TRUE(enrolled.ok()) << enrolled.problem().detail;
  EXPECT_EQ(enrolled->user.username, "anna");
}

TEST_F(AdminEnrolTest, WithoutAKnownServerItSaysWhatToDo) {
  EXPECT_NE(run({"enrol", "anna"}), 0);
  EXPECT_NE(err_.str().find("start faltlogg-server once"), std::string::npos) << err_.str();
  EXPECT_NE(run({"enrol", "anna", "--server-url", "http://srv", "--cert", "/nonexistent.pem"}), 0);
  write_server_identity(dir_, {"https://srv.test:8443", "sha256/x"});
  EXPECT_NE(run({"enrol", "nobody"}), 0);
  EXPECT_NE(err_.str().find("no user"), std::string::npos);
  EXPECT_NE(run({"enrol", "anna", "--qr", "png"}), 0);
  EXPECT_NE(run({"enrol", "anna", "--cert", "/nonexistent.pem"}), 0);
  SqliteStore store(dir_);
  EXPECT_EQ(store.row_counts().at("enrolment_codes"), 0);
  ASSERT_EQ(run({"enrol", "anna", "--qr", "none"}), 0);
  EXPECT_EQ(out_.str().find("\x1b["), std::string::npos);
}

}  // namespace
}  // namespace faltlogg::server::testing
