// libFuzzer target: bytes from the network as a pushed record would arrive — parse_json, then
// record_from_json, then validate_record against the real form packs in shared/forms.
// Besides crashes and sanitizer reports it checks invariants that must hold for any input:
// a parsed record survives record_to_json -> record_from_json unchanged, its digest is stable, and
// validation is deterministic and never lets an identifying number through in `notes`.
#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/identity.hpp"
#include "faltlogg/core/json.hpp"
#include "faltlogg/core/record.hpp"
#include "faltlogg/core/validation.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace fc = faltlogg::core;

namespace {

[[noreturn]] void invariant_broken(const char* what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

const fc::FormRegistry& registry() {
  static const fc::FormRegistry forms = [] {
    auto loaded = fc::FormRegistry::load_directory(FALTLOGG_FUZZ_FORMS_DIR);
    if (!loaded) {
      std::fprintf(stderr, "cannot load form packs: %s\n", loaded.problem().detail.c_str());
      std::abort();
    }
    return std::move(loaded.value());
  }();
  return forms;
}

fc::ValidationContext context() {
  fc::ValidationContext ctx;
  ctx.now_ms = 1795370645123;  // fixed, so a run is reproducible
  ctx.references["areas"] = {"sodermalm-1", "skarholmen-2", "rinkeby-3"};
  return ctx;
}

bool same_errors(const std::vector<fc::FieldError>& a, const std::vector<fc::FieldError>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const fc::FieldError& x, const fc::FieldError& y) {
    return x.field == y.field && x.code == y.code && x.message_sv == y.message_sv && x.message_en == y.message_en;
  });
}

void check_validation(const fc::FormDefinition& form, const fc::Record& record) {
  static const fc::ValidationContext ctx = context();
  const auto errors = fc::validate_record(form, record, ctx);
  if (!same_errors(errors, fc::validate_record(form, record, ctx))) invariant_broken("validation is not deterministic");
  if (!errors.empty()) {
    const auto problem = fc::validation_problem(errors);
    if (problem.code != "validation_failed" || problem.errors.empty()) invariant_broken("validation_problem shape");
    return;
  }
  // Accepted: a live record's notes must not carry a personnummer or phone number.
  if (record.deleted) return;
  if (const auto* notes = record.data.if_contains("notes"); notes != nullptr && notes->is_string()) {
    const auto& text = notes->get_string();
    if (fc::find_identifying_number(std::string_view(text.data(), text.size())))
      invariant_broken("validation accepted notes with an identifying number");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto json = fc::parse_json(text);
  if (!json) {
    const auto& code = json.problem().code;
    if (code != "invalid_json" && code != "payload_too_large") invariant_broken("unexpected parse_json problem code");
    return 0;
  }
  auto record = fc::record_from_json(*json);
  if (!record) return 0;

  const auto again = fc::record_from_json(fc::record_to_json(*record));
  if (!again) invariant_broken("record_to_json output is refused by record_from_json");
  if (!(*again == *record)) invariant_broken("record JSON round trip changed the record");
  if (fc::record_content_digest(*again) != fc::record_content_digest(*record)) invariant_broken("digest unstable");

  if (const auto* form = registry().find(record->form_id, record->form_version)) {
    check_validation(*form, *record);
  } else {
    // Unknown form: still drive the validator with every known form, since a hostile client chooses
    // form_id and a server bug could pick the wrong definition.
    for (const auto* known : registry().all()) check_validation(*known, *record);
  }
  return 0;
}
