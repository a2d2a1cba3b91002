// The demo store: a real LocalStore filled with clearly fictional records, so screenshots, the
// benchmarks and a first look at the app need no server. Never used for a real user's store.
#pragma once

#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/forms.hpp"
#include "faltlogg/core/result.hpp"
#include "faltlogg/core/time.hpp"

#include "models/review_source.hpp"

#include <filesystem>
#include <vector>

namespace faltlogg::client {

inline constexpr const char* kDemoPassphrase = "demo lösenfras för fältlogg";

// Creates the store in `directory` (which must not hold one), protected by kDemoPassphrase, with a
// week of field contacts and family sessions ending at `nowMs`, a server-rejected record and reviews.
core::Status createDemoStore(const std::filesystem::path& directory, const core::FormRegistry& forms,
                             core::KdfStrength kdf, core::Millis nowMs);

// The demo team a demo team lead reviews: three fictional members' field contacts over two weeks.
std::vector<TeamRecord> demoTeamRecords(const core::FormRegistry& forms, core::Millis nowMs);

}  // namespace faltlogg::client
