// Every problem code an HTTP answer of the server can carry, with its one HTTP status and a title in English and
// Swedish. make_problem() calls with these codes must use this status (tools/check_problem_codes.py, run by
// ctest, reads this file and every make_problem call); clients show their own words per code and fall back to
// title_sv / title_en here. A new code is added here first.
#pragma once

#include <array>
#include <string_view>

namespace faltlogg::core {

struct ProblemKind {
  std::string_view code;
  int status;
  std::string_view title_en;
  std::string_view title_sv;
};

// clang-format off
inline constexpr std::array kProblemCatalogue = {
    ProblemKind{"invalid_request",           400, "Bad request",                  "Felaktig begäran"},
    ProblemKind{"invalid_json",              400, "Invalid JSON",                 "Ogiltig JSON"},
    ProblemKind{"invalid_path",              400, "Invalid path",                 "Ogiltig sökväg"},
    ProblemKind{"invalid_period",            400, "Invalid period",               "Ogiltig period"},
    ProblemKind{"invalid_aggregate",         400, "Invalid aggregate request",    "Ogiltig tabellfråga"},
    ProblemKind{"invalid_threshold",         400, "Invalid suppression threshold", "Ogiltig skyddsgräns"},
    ProblemKind{"invalid_record",            400, "Invalid record",               "Ogiltig registrering"},
    ProblemKind{"invalid_form_pack",         400, "Invalid form pack",            "Ogiltigt formulärpaket"},
    ProblemKind{"invalid_config",            400, "Invalid configuration",        "Ogiltig konfiguration"},
    ProblemKind{"invalid_argument",          400, "Invalid argument",             "Ogiltigt argument"},
    ProblemKind{"invalid_role",              400, "Invalid role",                 "Ogiltig roll"},
    ProblemKind{"decryption_failed",         400, "Decryption failed",            "Kunde inte dekrypteras"},
    ProblemKind{"unauthorized",              401, "Unauthorized",                 "Inte inloggad"},
    ProblemKind{"device_revoked",            401, "Device revoked",               "Enheten är spärrad"},
    ProblemKind{"session_expired",           401, "Session expired",              "Sessionen har gått ut"},
    ProblemKind{"csrf_failed",               403, "Forbidden",                    "Inte tillåtet (CSRF)"},
    ProblemKind{"forbidden",                 403, "Forbidden",                    "Inte tillåtet"},
    ProblemKind{"not_found",                 404, "Not found",                    "Finns inte"},
    ProblemKind{"method_not_allowed",        405, "Method not allowed",           "Metoden tillåts inte"},
    ProblemKind{"conflict",                  409, "Conflict",                     "Konflikt"},
    ProblemKind{"too_many_devices",          409, "Too many devices",             "För många enheter"},
    ProblemKind{"before_retention_horizon",  409, "Before the retention horizon", "Före gallringsgränsen"},
    ProblemKind{"enrolment_used",            410, "Enrolment code used",          "Koden är redan använd"},
    ProblemKind{"enrolment_expired",         410, "Enrolment code expired",       "Koden har gått ut"},
    ProblemKind{"gone",                      410, "Record purged",                "Registreringen är gallrad"},
    ProblemKind{"cursor_expired",            410, "Cursor expired",               "Synkpositionen gäller inte längre"},
    ProblemKind{"payload_too_large",         413, "Payload too large",            "För stor begäran"},
    ProblemKind{"unsupported_media_type",    415, "Unsupported media type",       "Fel innehållstyp"},
    ProblemKind{"validation_failed",         422, "Validation failed",            "Uppgifterna behöver rättas"},
    ProblemKind{"unknown_form",              422, "Unknown form",                 "Okänt formulär"},
    ProblemKind{"unsupported_form_version",  422, "Unsupported form version",     "Formulärversionen stöds inte"},
    ProblemKind{"invalid_criteria_pack",     422, "Invalid criteria pack",        "Ogiltigt kriteriepaket"},
    ProblemKind{"invalid_target",            422, "Invalid target",               "Ogiltigt mål"},
    ProblemKind{"invalid_setting",           422, "Invalid district setting",     "Ogiltig distriktsinställning"},
    ProblemKind{"unknown_criteria_pack",     400, "Unknown criteria pack",        "Okänt kriteriepaket"},
    ProblemKind{"invalid_record_for_rollup", 422, "Record unusable for rollups",  "Registreringen kan inte räknas"},
    ProblemKind{"rate_limited",              429, "Too many attempts",            "För många försök"},
    ProblemKind{"internal_error",            500, "Internal error",               "Internt fel"},
    ProblemKind{"form_packs_unreadable",     500, "Form packs unreadable",        "Formulärpaketen kan inte läsas"},
    ProblemKind{"analytics_misconfigured",   500, "Analytics misconfigured",      "Statistiken är felkonfigurerad"},
    ProblemKind{"rollup_inconsistent",       500, "Rollup inconsistent",          "Statistiken stämmer inte"},
    ProblemKind{"inconsistent_table",        500, "Inconsistent table",           "Tabellen stämmer inte"},
    ProblemKind{"demo_failed",               500, "Demo data failed",             "Demodata kunde inte skapas"},
    ProblemKind{"storage_full",              503, "Storage full",                 "Serverns disk är full"},
    ProblemKind{"not_configured",            503, "Not configured",               "Inte inställt på servern"},
};
// clang-format on

constexpr const ProblemKind* find_problem_kind(std::string_view code) {
  for (const auto& kind : kProblemCatalogue) {
    if (kind.code == code) return &kind;
  }
  return nullptr;
}

}  // namespace faltlogg::core
