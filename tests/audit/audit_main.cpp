// faltlogg-disclosure-audit: an outside attacker with a legitimate evaluator account. Starts the real
// server on demo data, harvests everything the account may ask (harvest.hpp), lets late records sync,
// harvests again, and attacks the union (attack.hpp); scores against the server's own database.
// Exit code 1 when any small count is disclosed with certainty (or a consistency check fails), unless
// --report-only (used to measure a build that does not protect, such as main before decision 0027).
#include "attack.hpp"
#include "harvest.hpp"
#include "server_process.hpp"
#include "tls_client.hpp"

#include "faltlogg/analytics/calendar.hpp"
#include "faltlogg/analytics/criteria_pack.hpp"
#include "faltlogg/analytics/criteria_report.hpp"
#include "faltlogg/core/time.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>

namespace fa = faltlogg::server::analytics;
using namespace faltlogg;
using namespace faltlogg::audit;

namespace {

struct Options {
  std::string profile = "plain";
  int late_records = 12;
  int max_lp_targets = 300;
  bool report_only = false;
};

std::optional<Options> parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--profile" && has_value) {
      o.profile = argv[++i];
    } else if (arg == "--late-records" && has_value) {
      o.late_records = std::stoi(argv[++i]);
    } else if (arg == "--max-lp-targets" && has_value) {
      o.max_lp_targets = std::stoi(argv[++i]);
    } else if (arg == "--report-only") {
      o.report_only = true;
    } else {
      return std::nullopt;
    }
  }
  if (o.profile != "plain" && o.profile != "skewed") return std::nullopt;
  return o;
}

std::string login(test::TlsHttpClient& client) {
  const boost::json::object body{{"username", "fou.eva"}, {"password", "fou.eva-demo"}, {"device_name", "audit"}};
  auto reply = client.post("/api/v1/auth/login", boost::json::serialize(body));
  if (reply.status != 200) throw std::runtime_error("evaluator login failed: " + reply.body);
  return std::string(boost::json::parse(reply.body).at("token").as_string());
}

void admin_or_throw(const test::ServerProcess& server, const std::vector<std::string>& args) {
  auto result = server.admin(args);
  if (result.exit_code != 0) throw std::runtime_error("faltlogg-admin failed: " + result.err);
}

Harvest harvest_from(test::ServerProcess& server, const HarvestPlan& plan, int number) {
  test::TlsHttpClient client(server.port(), server.ca_file());
  Session session{client, login(client)};
  return harvest(session, plan, number);
}

// The exact criteria counts, evaluated from the store's base rows as the server evaluates them.
void fill_criteria_truth(std::vector<CriteriaNumber>& numbers, const Truth& truth, int harvest) {
  auto packs = fa::load_criteria_directory(FALTLOGG_CRITERIA_DIR_FOR_AUDIT);
  if (!packs) throw std::runtime_error(packs.problem().detail);
  std::map<std::string, fa::CriteriaReport> cache;
  for (auto& n : numbers) {
    if (n.harvest != harvest) continue;
    const std::string id = n.form + "/" + n.pack + n.from + n.to + n.district;
    auto it = cache.find(id);
    if (it == cache.end()) {
      // The pack the server used: the one named, else the form's default (as latest_pack_for_form).
      const fa::CriteriaPack* pack = nullptr;
      for (const auto& p : *packs) {
        const bool candidate = n.pack.empty() ? p.form_id == n.form : p.id == n.pack;
        if (!candidate) continue;
        if (pack == nullptr || (p.default_for_form && !pack->default_for_form) ||
            (p.default_for_form == pack->default_for_form && p.version > pack->version)) {
          pack = &p;
        }
      }
      fa::ReportScope scope;
      if (!n.district.empty()) scope.district_id = n.district;
      auto report = fa::evaluate_criteria(*pack, truth.base_rows, {*fa::parse_date(n.from), *fa::parse_date(n.to)}, scope);
      if (!report) throw std::runtime_error(report.problem().detail);
      it = cache.emplace(id, std::move(*report)).first;
    }
    for (const auto& result : it->second.results) {
      if (result.id == n.criterion) n.truth = static_cast<std::int64_t>(result.measures.at(n.measure));
    }
  }
}

struct Utility {
  int cells = 0, hidden = 0, exact = 0, published_small = 0;
  double abs_sum = 0;
  std::int64_t abs_max = 0;
  std::string largest;  // what the largest error was about, when the caller names its numbers
};

void add_utility(Utility& u, std::optional<std::int64_t> value, std::int64_t truth, int k, const std::string& label = "") {
  ++u.cells;
  if (!value) {
    ++u.hidden;
    return;
  }
  const std::int64_t error = std::llabs(*value - truth);
  u.abs_sum += static_cast<double>(error);
  if (error > u.abs_max && !label.empty()) {
    u.largest = label + ": published " + std::to_string(*value) + ", true " + std::to_string(truth);
  }
  u.abs_max = std::max(u.abs_max, error);
  u.exact += error == 0 ? 1 : 0;
  u.published_small += (*value >= 1 && *value < k) ? 1 : 0;
}

void print_utility(const char* what, const Utility& u) {
  const int shown = u.cells - u.hidden;
  std::printf("  %-34s %6d cells: %5.1f %% hidden, %5.1f %% exact, mean |error| %.2f, max |error| %lld\n", what, u.cells,
              100.0 * u.hidden / std::max(u.cells, 1), 100.0 * u.exact / std::max(shown, 1),
              u.abs_sum / std::max(shown, 1), static_cast<long long>(u.abs_max));
  if (!u.largest.empty()) std::printf("    largest error: %s\n", u.largest.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  auto options = parse_options(argc, argv);
  if (!options) {
    std::cerr << "usage: faltlogg-disclosure-audit [--profile plain|skewed] [--late-records N] [--max-lp-targets N]"
                 " [--report-only]\n";
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  try {
    test::ServerProcess server;
    std::vector<std::string> demo{"demo-data"};
    if (options->profile == "skewed") demo.insert(demo.end(), {"--profile", "skewed"});
    admin_or_throw(server, demo);
    server.start({"--login-rate-limit", "0"});
    HarvestPlan plan{demo_months(core::now_millis())};
    Harvest first = harvest_from(server, plan, 1);
    std::fprintf(stderr, "audit: first harvest done after %.0f s\n",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    const auto database = server.data_dir() / "faltlogg.db";
    Truth truth_first = read_truth(database);
    Harvest second;
    Truth truth_second = truth_first;
    if (options->late_records > 0) {
      server.stop();
      admin_or_throw(server, {"demo-data", "--late-records", std::to_string(options->late_records)});
      server.restart();
      second = harvest_from(server, plan, 2);
      truth_second = read_truth(database);
    }
    std::fprintf(stderr, "audit: harvests done after %.0f s\n",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    fill_criteria_truth(first.criteria, truth_first, 1);
    fill_criteria_truth(second.criteria, truth_second, 2);
    const Disclosure& d = first.disclosure;

    std::vector<Published> cells = first.cells;
    cells.insert(cells.end(), second.cells.begin(), second.cells.end());
    // Consistency: one question, one answer, whichever table, order or format asked it.
    std::map<std::pair<std::string, int>, std::optional<std::int64_t>> answers;
    int inconsistent = 0;
    Utility records_utility, other_utility, criteria_utility, criteria_magnitudes;
    for (const auto& cell : cells) {
      auto [it, inserted] = answers.emplace(std::pair{cell.key(), cell.harvest}, cell.value);
      if (!inserted) {
        inconsistent += it->second != cell.value ? 1 : 0;
        continue;
      }
      const Truth& truth = cell.harvest == 2 ? truth_second : truth_first;
      const bool record_count = cell.measure == "contacts" || cell.measure == "sessions";
      add_utility(record_count ? records_utility : other_utility, cell.value, truth.value_of(cell), d.k);
    }
    std::vector<CriteriaNumber> numbers = first.criteria;
    numbers.insert(numbers.end(), second.criteria.begin(), second.criteria.end());
    int criteria_exact_small = 0, criteria_marked_small = 0;
    for (const auto& n : numbers) {
      add_utility(n.is_count ? criteria_utility : criteria_magnitudes, n.value, n.truth, d.k, n.label());
      if (!n.is_count || n.truth < 1 || n.truth >= d.k) continue;
      criteria_exact_small += (n.value && *n.value == n.truth) ? 1 : 0;
      criteria_marked_small += n.value ? 0 : 1;  // 0025: a null criteria count stands for 1..k-1
    }
    // Reviews between the harvests (decision 0074): a review changes its record's key, so the cell draws
    // new noise; without that, before and after would differ by exactly the reviews made in between.
    int review_changes = 0, review_exact = 0;
    for (const auto& cell : second.cells) {
      if (cell.measure != "reviewed" && cell.measure != "needs_changes" && cell.measure != "reviewed_within_14d") continue;
      const auto before = answers.find({cell.key(), 1});
      if (before == answers.end() || !before->second || !cell.value) continue;
      const std::int64_t change = truth_second.value_of(cell) - truth_first.value_of(cell);
      if (change == 0) continue;
      ++review_changes;
      review_exact += *cell.value - *before->second == change ? 1 : 0;
    }
    const AttackScore score = attack(cells, truth_first, truth_second, d, AttackOptions{options->max_lp_targets});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    std::printf("Disclosure audit, %s demo data, method %s, k %d, max noise %d\n", options->profile.c_str(),
                d.method.c_str(), d.k, d.max_noise);
    std::printf("  harvests: %d + %d requests (%zu districts, %zu months), %d late records between them\n",
                first.requests, second.requests, first.districts.size(), plan.months.size(), options->late_records);
    std::printf("  published cells: %zu unique (%zu criteria counts); inconsistent repeats %d; CSV != JSON %d\n",
                answers.size(), numbers.size(), inconsistent, first.csv_mismatches + second.csv_mismatches);
    print_utility("record counts (contacts, sessions)", records_utility);
    print_utility("other measures", other_utility);
    print_utility("criteria counts", criteria_utility);
    print_utility("criteria magnitudes (minutes, weeks)", criteria_magnitudes);
    const int published_small = records_utility.published_small + other_utility.published_small +
                                criteria_utility.published_small;
    std::printf("  values 1..k-1 published (any measure): %d\n", published_small);
    std::printf("  small record counts (true 1..k-1): %d cells + %d changes between harvests\n", score.targets,
                score.delta_targets);
    std::printf("    LP-bounded: %d (cap %d per group); recovered exactly: %d; pinned to 1..k-1: %d\n", score.lp_solved,
                options->max_lp_targets, score.exact, score.pinned);
    std::printf("    criteria counts small and published exactly: %d; shown as a small-only marker: %d\n",
                criteria_exact_small, criteria_marked_small);
    const double targets = std::max(score.targets, 1);
    std::printf("    best estimate hits the true small value: least squares %.1f %%, published value %.1f %%;"
                " blind guess %.1f %% (uniform over 1..k-1), %.1f %% (always the commonest small value)\n",
                100.0 * score.ls_hits / targets, 100.0 * score.direct_hits / targets, 100.0 / (d.k - 1),
                100.0 * score.mode_hits / targets);
    std::printf("    late records: same question before and after differs by exactly the change: %d of %d\n",
                score.delta_exact_hits, score.delta_targets);
    std::printf("    late reviews: a review measure before and after differs by exactly the change: %d of %d\n",
                review_exact, review_changes);
    for (const auto& example : score.examples) std::printf("    e.g. %s\n", example.c_str());
    std::printf("  runtime %.0f s\n", seconds);
    const int disclosed = score.exact + score.pinned + published_small + criteria_exact_small + criteria_marked_small;
    if (options->report_only) return 0;
    if (disclosed > 0 || inconsistent > 0 || first.csv_mismatches + second.csv_mismatches > 0 || score.targets == 0) {
      std::printf("FAIL: small counts disclosed or answers inconsistent\n");
      return 1;
    }
    std::printf("PASS: 0 small counts recovered exactly or pinned to 1..k-1\n");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "audit failed: %s\n", e.what());
    return 1;
  }
}
