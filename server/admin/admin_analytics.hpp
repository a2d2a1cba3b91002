// faltlogg-admin commands for criteria, rollups, aggregate exports and retention (gallring).
#pragma once

#include "store/store.hpp"

#include <iosfwd>
#include <map>
#include <string>

namespace faltlogg::server {

using AdminOptions = std::map<std::string, std::string>;

// criteria set-target --district ID --pack P --criterion C --target X
int admin_criteria_set_target(Store& store, const AdminOptions& options, std::ostream& out, std::ostream& err);
// criteria set-setting --district ID --pack P --setting c8_age_band|c3_digital --value 13-17|on|off
int admin_criteria_set_setting(Store& store, const AdminOptions& options, std::ostream& out, std::ostream& err);
// rollups rebuild [--from YYYY-MM-DD]   (default: the retention horizon, or everything)
int admin_rollups_rebuild(Store& store, const AdminOptions& options, std::ostream& out, std::ostream& err);
// export aggregates --measure M --by DIMS --from D --to D [--format csv|json] [--district ID] [--form F]
//   [--suppression-k K]: the evaluator's view, cell-key protected with k = K as the endpoint does (0027).
int admin_export_aggregates(Store& store, const AdminOptions& options, std::ostream& out, std::ostream& err);
// retention run [--months N] [--family-months N]
int admin_retention_run(Store& store, const AdminOptions& options, core::Millis now, std::ostream& out,
                        std::ostream& err);

// The Stockholm midnight starting the month `months` calendar months before the month of `now`.
core::Millis retention_cutoff(core::Millis now, int months);

inline constexpr int kDefaultFieldContactRetentionMonths = 24;

}  // namespace faltlogg::server
