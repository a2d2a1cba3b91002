// The conformance suite's tests (see store_conformance.hpp). Compiled into every backend's binary.
#include "store_conformance.hpp"

#include "faltlogg/core/crypto.hpp"
#include "faltlogg/core/uuid.hpp"

#include <algorithm>
#include <set>

namespace faltlogg::server::testing {
namespace {

using core::protocol::PushStatus;

std::map<std::string, std::int64_t> without_audit(std::map<std::string, std::int64_t> counts) {
  counts.erase("audit_log");
  return counts;
}

TEST_P(StoreConformance, AcceptedRecordsGetIncreasingSeqsAndAreStoredOnce) {
  auto anna = author("anna");
  auto response = push(anna, {field_contact(core::make_uuid_v4(), 1), field_contact(core::make_uuid_v4(), 2)});
  ASSERT_EQ(response.results.size(), 2u);
  EXPECT_EQ(response.results[0].status, PushStatus::accepted);
  EXPECT_EQ(response.results[1].status, PushStatus::accepted);
  EXPECT_LT(response.results[0].server_seq, response.results[1].server_seq);
  EXPECT_EQ(store_->row_counts().at("records"), 2);
  EXPECT_EQ(store_->row_counts().at("record_versions"), 2);
}

TEST_P(StoreConformance, EveryPushOutcome) {
  auto anna = author("anna");
  auto bert = author("bert");
  const std::string id = core::make_uuid_v4();
  auto newer = field_contact(id, 5);
  const auto accepted = push_one(anna, newer);
  ASSERT_EQ(accepted.status, PushStatus::accepted);

  const auto duplicate = push_one(anna, newer);
  EXPECT_EQ(duplicate.status, PushStatus::duplicate);
  EXPECT_EQ(duplicate.server_seq, accepted.server_seq);

  const auto stale = push_one(anna, field_contact(id, 2));
  EXPECT_EQ(stale.status, PushStatus::stale);
  EXPECT_EQ(stale.server_seq, accepted.server_seq);

  auto changed = newer;
  changed.data["duration_min"] = 90;
  const auto conflict = push_one(anna, changed);
  EXPECT_EQ(conflict.status, PushStatus::rejected);
  ASSERT_TRUE(conflict.problem);
  EXPECT_EQ(conflict.problem->code, "conflict");

  const auto foreign = push_one(bert, field_contact(id, 9));
  EXPECT_EQ(foreign.status, PushStatus::rejected);
  ASSERT_TRUE(foreign.problem);
  EXPECT_EQ(foreign.problem->code, "forbidden");
  ASSERT_EQ(foreign.problem->errors.size(), 1u);
  EXPECT_EQ(foreign.problem->errors[0].code, "other_author");

  EXPECT_EQ(store_->row_counts().at("record_versions"), 1);
  auto page = store_->pull_since({PullScope::Kind::author, anna.user.id}, 0, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->records.size(), 1u);
  EXPECT_EQ(page->records[0], newer);
}

TEST_P(StoreConformance, ANewerVersionReplacesTheRecordAndKeepsItsHistory) {
  auto anna = author("anna");
  const std::string id = core::make_uuid_v4();
  const auto first = push_one(anna, field_contact(id, 1));
  auto edit = field_contact(id, 2);
  edit.data["duration_min"] = 45;
  const auto second = push_one(anna, edit);
  EXPECT_EQ(second.status, PushStatus::accepted);
  EXPECT_GT(second.server_seq, first.server_seq);
  auto page = store_->pull_since({PullScope::Kind::author, anna.user.id}, 0, 100);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->records.size(), 1u);
  EXPECT_EQ(page->records[0], edit);
  EXPECT_EQ(page->next_cursor, second.server_seq);
  EXPECT_EQ(store_->row_counts().at("record_versions"), 2);
  EXPECT_EQ(push_one(anna, field_contact(id, 1)).status, PushStatus::duplicate)
      << "an older version pushed again is a duplicate of that version, not stale";
}

// A tablet that edited a record twice offline sends both versions in one batch: the second sees the first
// (a duplicate of it is a duplicate, an edit of it is accepted over it), and only the last is the record.
TEST_P(StoreConformance, SeveralVersionsOfOneRecordInOneBatch) {
  auto anna = author("anna");
  const std::string id = core::make_uuid_v4();
  const std::string other = core::make_uuid_v4();
  auto edit = field_contact(id, 2);
  edit.data["duration_min"] = 45;
  auto removed = field_contact(id, 3);
  removed.deleted = true;
  auto response = push(anna, {field_contact(id, 1), field_contact(other, 1), field_contact(id, 1), edit,
                              field_contact(id, 1), removed});
  ASSERT_EQ(response.results.size(), 6u);
  EXPECT_EQ(response.results[0].status, PushStatus::accepted);
  EXPECT_EQ(response.results[1].status, PushStatus::accepted);
  EXPECT_EQ(response.results[2].status, PushStatus::duplicate);
  EXPECT_EQ(response.results[2].server_seq, response.results[0].server_seq);
  EXPECT_EQ(response.results[3].status, PushStatus::accepted);
  EXPECT_EQ(response.results[4].status, PushStatus::duplicate) << "an older version of the same batch";
  EXPECT_EQ(response.results[5].status, PushStatus::accepted);
  EXPECT_EQ(store_->row_counts().at("records"), 2);
  EXPECT_EQ(store_->row_counts().at("record_versions"), 4);
  auto page = store_->pull_since({PullScope::Kind::author, anna.user.id}, 0, 100);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->records.size(), 2u);
  EXPECT_EQ(page->records[1], removed);
  EXPECT_EQ(page->next_cursor, response.results[5].server_seq);
  const auto live = rollups();
  ASSERT_TRUE(store_->rebuild_rollups("2000-01-01", {"test", "rollups_rebuild", "rollup_cell", ""}).ok());
  EXPECT_EQ(rollups(), live) << "the rollups count the last version only";
}

TEST_P(StoreConformance, PreRejectedItemsAreReportedAndNotStored) {
  auto anna = author("anna");
  PushBatch batch = batch_of(anna, {field_contact(core::make_uuid_v4(), 1)});
  batch.items.push_back({"bad-id", std::nullopt, core::make_problem("invalid_record", 400, "Invalid", "broken")});
  auto outcome = store_->apply_push_batch(batch, {anna.user.id, "push", "", ""});
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->accepted, 1u);
  EXPECT_NE(outcome->response_json.find("invalid_record"), std::string::npos);
  EXPECT_EQ(store_->row_counts().at("records"), 1);
}

TEST_P(StoreConformance, ABatchReplayReturnsTheFirstAnswerAndWritesNothing) {
  auto anna = author("anna");
  const std::string batch_id = core::make_uuid_v4();
  auto first = store_->apply_push_batch(batch_of(anna, {field_contact(core::make_uuid_v4(), 1)}, batch_id),
                                        {anna.user.id, "push", "", ""});
  ASSERT_TRUE(first.ok());
  const auto counts = store_->row_counts();
  auto replay = store_->apply_push_batch(batch_of(anna, {field_contact(core::make_uuid_v4(), 1)}, batch_id),
                                         {anna.user.id, "push", "", ""});
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->response_json, first->response_json);
  EXPECT_EQ(without_audit(store_->row_counts()), without_audit(counts));
  EXPECT_EQ(store_->audit_entries().back().event.action, "push_replay");
}

TEST_P(StoreConformance, ABatchIdOfAnotherUserIsAConflictAndChangesNothing) {
  auto anna = author("anna");
  auto bert = author("bert");
  const std::string batch_id = core::make_uuid_v4();
  push(anna, {field_contact(core::make_uuid_v4(), 1)}, batch_id);
  const auto counts = store_->row_counts();
  auto stolen = store_->apply_push_batch(batch_of(bert, {field_contact(core::make_uuid_v4(), 1)}, batch_id),
                                         {bert.user.id, "push", "", ""});
  ASSERT_FALSE(stolen.ok());
  EXPECT_EQ(stolen.problem().code, "conflict");
  EXPECT_EQ(store_->row_counts(), counts) << "not even an audit entry";
}

TEST_P(StoreConformance, PullPagesMergeRecordsAndReviewsInSeqOrder) {
  auto anna = author("anna");
  auto bert = author("bert");
  auto lead = author("lead", Role::team_lead);
  std::vector<core::Record> records;
  for (std::uint32_t i = 0; i < 5; ++i) records.push_back(field_contact(core::make_uuid_v4(), i));
  push(anna, records);
  auto owner = store_->record_owner(records[1].id);
  ASSERT_TRUE(owner);
  auto review = store_->add_review(*owner, lead.user.id, "approved", "", {lead.user.id, "review", "", ""});
  ASSERT_TRUE(review.ok());
  push(bert, {field_contact(core::make_uuid_v4(), 1)});

  int pages = 0;
  const auto ids = pull_all({PullScope::Kind::author, anna.user.id}, 2, &pages);
  std::vector<std::string> expected;
  for (const auto& record : records) expected.push_back(record.id);
  expected.push_back("review:" + review->id);
  EXPECT_EQ(ids, expected) << "records in seq order, the review after them";
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(pull_all({PullScope::Kind::team, anna.user.team_id}, 4).size(), 7u) << "6 records and the review";
}

TEST_P(StoreConformance, PagesOfOneNeverRepeatOrSkip) {
  auto anna = author("anna");
  std::set<std::string> pushed;
  for (int batch = 0; batch < 4; ++batch) {
    std::vector<core::Record> records;
    for (std::uint32_t i = 0; i < 3; ++i) {
      records.push_back(field_contact(core::make_uuid_v4(), i));
      pushed.insert(records.back().id);
    }
    push(anna, records);
  }
  const auto ids = pull_all({PullScope::Kind::author, anna.user.id}, 1);
  EXPECT_EQ(ids.size(), pushed.size());
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), pushed);
}

TEST_P(StoreConformance, ACursorBeyondTheLastSeqIsExpired) {
  auto anna = author("anna");
  const auto accepted = push_one(anna, field_contact(core::make_uuid_v4(), 1));
  auto page = store_->pull_since({PullScope::Kind::author, anna.user.id}, accepted.server_seq + 1, 10);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.problem().code, "cursor_expired");
  EXPECT_EQ(page.problem().status, 410);
  auto at_end = store_->pull_since({PullScope::Kind::author, anna.user.id}, accepted.server_seq, 10);
  ASSERT_TRUE(at_end.ok());
  EXPECT_TRUE(at_end->records.empty());
  EXPECT_FALSE(at_end->more);
  EXPECT_EQ(at_end->next_cursor, accepted.server_seq);
}

TEST_P(StoreConformance, TeamsAndAuthorsSeeOnlyTheirOwn) {
  auto anna = author("anna");
  auto carl = author("carl", Role::field_worker, "Team B");
  const auto anna_record = field_contact(core::make_uuid_v4(), 1);
  const auto carl_record = field_contact(core::make_uuid_v4(), 1);
  push(anna, {anna_record});
  push(carl, {carl_record});
  EXPECT_EQ(pull_all({PullScope::Kind::author, anna.user.id}, 10), std::vector<std::string>{anna_record.id});
  EXPECT_EQ(pull_all({PullScope::Kind::team, carl.user.team_id}, 10), std::vector<std::string>{carl_record.id});
  ReviewQuery query{anna.user.team_id, std::nullopt, std::nullopt, std::nullopt, 100};
  auto rows = store_->team_records(query);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].record.id, anna_record.id);
  EXPECT_EQ(rows[0].author_name, "anna");
  EXPECT_EQ(store_->team_activity_rows(carl.user.team_id, 0, now_ + kDayMs).size(), 1u);
}

TEST_P(StoreConformance, ReviewsAndTheirFilters) {
  auto anna = author("anna");
  auto lead = author("lead", Role::team_lead);
  auto early = field_contact(core::make_uuid_v4(), 1, 10);
  auto late = field_contact(core::make_uuid_v4(), 2);
  push(anna, {early, late});
  ASSERT_TRUE(store_->add_review(*store_->record_owner(late.id), lead.user.id, "needs_changes", "fix",
                                 {lead.user.id, "review", late.id, ""}).ok());
  ReviewQuery all{anna.user.team_id, std::nullopt, std::nullopt, std::nullopt, 100};
  EXPECT_EQ(store_->team_records(all).size(), 2u);
  ReviewQuery unreviewed = all;
  unreviewed.state = "unreviewed";
  auto rows = store_->team_records(unreviewed);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].record.id, early.id);
  ReviewQuery recent = all;
  recent.from = now_ - kDayMs;
  rows = store_->team_records(recent);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].review_state, "needs_changes");
  EXPECT_EQ(rows[0].review_comment, "fix");
  ReviewQuery by_other_author = all;
  by_other_author.author_id = lead.user.id;
  EXPECT_TRUE(store_->team_records(by_other_author).empty());
  EXPECT_FALSE(store_->record_owner(core::make_uuid_v4()));
}

TEST_P(StoreConformance, BulkReviewsRefuseOtherTeamsAndAuditEach) {
  auto anna = author("anna");
  auto carl = author("carl", Role::field_worker, "Team B");
  auto lead = author("lead", Role::team_lead);
  const auto own = field_contact(core::make_uuid_v4(), 1);
  const auto other = field_contact(core::make_uuid_v4(), 1);
  push(anna, {own});
  push(carl, {other});
  const std::string unknown = core::make_uuid_v4();
  auto outcomes =
      store_->add_reviews({anna.user.team_id, lead.user.id, {own.id, other.id, unknown}, "approved", ""});
  ASSERT_TRUE(outcomes.ok());
  ASSERT_EQ(outcomes->size(), 3u);
  EXPECT_EQ((*outcomes)[0].status, BulkReviewStatus::reviewed);
  ASSERT_TRUE((*outcomes)[0].review);
  EXPECT_EQ((*outcomes)[1].status, BulkReviewStatus::forbidden);
  EXPECT_EQ((*outcomes)[2].status, BulkReviewStatus::not_found);
  EXPECT_EQ(store_->row_counts().at("reviews"), 1);
  const auto entries = store_->audit_entries();
  EXPECT_EQ(entries[entries.size() - 2].event.action, "review");
  EXPECT_EQ(entries.back().event.action, "review_refused");
  EXPECT_EQ(entries.back().event.subject, other.id);
  // Only the own team's record counts as reviewed (decision 0074), and in time (reviewed on arrival).
  std::int64_t reviewed = 0, in_time = 0;
  for (const auto& row : rollups()) {
    if (!row.counters.contains(analytics::counter::reviewed)) continue;
    EXPECT_EQ(row.key.team_id, anna.user.team_id);
    reviewed += row.counters.at(std::string(analytics::counter::reviewed));
    in_time += row.counters.at(std::string(analytics::counter::reviewed_within_14d));
  }
  EXPECT_EQ(reviewed, 1);
  EXPECT_EQ(in_time, 1);
  expect_rollups_equal_a_rebuild();
}

TEST_P(StoreConformance, RollupsFollowAcceptsEditsAndDeletesAndEqualARebuild) {
  auto anna = author("anna");
  const std::string id = core::make_uuid_v4();
  push(anna, {field_contact(id, 1), field_contact(core::make_uuid_v4(), 1, 40)});
  const auto after_push = rollups();
  ASSERT_FALSE(after_push.empty());
  auto edit = field_contact(id, 2);
  edit.data["arena"] = "fritid";
  push(anna, {edit});
  const auto after_edit = rollups();
  EXPECT_NE(after_edit, after_push);
  auto removed = field_contact(id, 3);
  removed.deleted = true;
  push(anna, {removed});
  const auto after_delete = rollups();
  const auto months = rollups(analytics::RollupGrain::month);
  auto rebuilt = store_->rebuild_rollups("2000-01-01", {"test", "rollups_rebuild", "rollup_cell", ""});
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(*rebuilt, 1) << "the deleted record is not counted";
  EXPECT_EQ(rollups(), after_delete);
  EXPECT_EQ(rollups(analytics::RollupGrain::month), months);
  auto bad = store_->rebuild_rollups("2000-13-01", {"test", "rollups_rebuild", "", ""});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.problem().code, "invalid_request");
}

TEST_P(StoreConformance, CriteriaTargetsAreUpserted) {
  auto anna = author("anna");
  const std::string district = anna.user.district_id;
  ASSERT_TRUE(store_->set_criteria_target({district, "pack", "C1", 0.5}, {"admin", "criteria_target", "C1", ""}).ok());
  ASSERT_TRUE(store_->set_criteria_target({district, "pack", "C1", 0.75}, {"admin", "criteria_target", "C1", ""}).ok());
  const auto targets = store_->criteria_targets(district, "pack");
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_DOUBLE_EQ(targets.at("C1"), 0.75);
  EXPECT_TRUE(store_->criteria_targets(district, "other").empty());
}

TEST_P(StoreConformance, RetentionPurgesRowsKeepsRollupsAndExpiresOldCursors) {
  auto anna = author("anna");
  const auto old_record = field_contact(core::make_uuid_v4(), 1, 400);
  const auto new_record = field_contact(core::make_uuid_v4(), 1);
  push(anna, {old_record});
  const std::int64_t cursor_after_old = push_one(anna, new_record).server_seq - 1;
  const auto before = rollups();
  EXPECT_FALSE(store_->retention_horizon());
  auto purged = store_->purge_records({"faltkontakt", now_ - 300 * kDayMs}, {"admin-cli", "retention_run", "", ""});
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(purged->purged_records, 1);
  EXPECT_GE(purged->purged_through_seq, 1);
  EXPECT_EQ(rollups(), before) << "statistics outlive the rows";
  EXPECT_TRUE(store_->retention_horizon());
  EXPECT_EQ(pull_all({PullScope::Kind::author, anna.user.id}, 10), std::vector<std::string>{new_record.id});
  const auto gone = push_one(anna, old_record);
  EXPECT_EQ(gone.status, PushStatus::rejected);
  ASSERT_TRUE(gone.problem);
  EXPECT_EQ(gone.problem->code, "gone");
  if (purged->purged_through_seq > 1) {
    auto expired = store_->pull_since({PullScope::Kind::author, anna.user.id}, 1, 10);
    ASSERT_FALSE(expired.ok());
    EXPECT_EQ(expired.problem().code, "cursor_expired");
  }
  EXPECT_TRUE(store_->pull_since({PullScope::Kind::author, anna.user.id}, cursor_after_old, 10).ok());
  auto too_early = store_->rebuild_rollups("2000-01-01", {"test", "rollups_rebuild", "", ""});
  ASSERT_FALSE(too_early.ok());
  EXPECT_EQ(too_early.problem().code, "before_retention_horizon");
}

TEST_P(StoreConformance, TheAuditChainCoversEveryWriteAndVerifies) {
  auto anna = author("anna");
  push(anna, {field_contact(core::make_uuid_v4(), 1)});
  ASSERT_TRUE(store_->append_audit({anna.user.id, "read_records", anna.user.team_id, "count=1"}).ok());
  const auto entries = store_->audit_entries();
  std::vector<std::string> actions;
  for (const auto& entry : entries) actions.push_back(entry.event.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"district_add", "team_add", "user_add", "login", "push",
                                               "read_records"}));
  for (std::size_t i = 1; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].seq, entries[i - 1].seq + 1);
    EXPECT_EQ(entries[i].prev_hash, entries[i - 1].hash);
  }
  const auto verified = store_->verify_audit();
  EXPECT_TRUE(verified.intact) << verified.reason;
  EXPECT_EQ(verified.entries, static_cast<std::int64_t>(entries.size()));
  EXPECT_EQ(verified.head_hash, entries.back().hash);
}

TEST_P(StoreConformance, RefusedWritesChangeNothingNotEvenTheAudit) {
  auto anna = author("anna");
  const auto counts = store_->row_counts();
  EXPECT_EQ(store_->add_district("D", {"t", "district_add", "", ""}).problem().code, "conflict");
  EXPECT_EQ(store_->add_team("Team A", "D", {}, {"t", "team_add", "", ""}).problem().code, "conflict");
  EXPECT_EQ(store_->add_team("Team B", "Nowhere", {}, {"t", "team_add", "", ""}).problem().code, "not_found");
  EXPECT_EQ(store_->add_user("anna", "x", Role::admin, "Team A", "h", {"t", "user_add", "", ""}).problem().code,
            "conflict");
  EXPECT_EQ(store_->add_user("new", "x", Role::admin, "Nowhere", "h", {"t", "user_add", "", ""}).problem().code,
            "not_found");
  EXPECT_EQ(store_->add_user("new", "x", {Role::admin, Role::team_lead}, "Team A", "h", {"t", "user_add", "", ""})
                .problem().code,
            "invalid_role");
  EXPECT_EQ(store_->disable_user("nobody", {"t", "user_disable", "", ""}).problem().code, "not_found");
  EXPECT_EQ(store_->revoke_device(core::make_uuid_v4(), {"t", "device_revoke", "", ""}).problem().code, "not_found");
  EXPECT_EQ(store_->update_user({core::make_uuid_v4(), Role::evaluator, std::nullopt}, {"t", "user_update", "", ""})
                .problem().code,
            "not_found");
  EXPECT_EQ(store_->set_team_areas("Team A", {{"", "x"}}, {"t", "team_areas", "", ""}).problem().code,
            "invalid_request");
  EXPECT_EQ(store_->create_session(core::make_uuid_v4(), "t", "h", now_, {"t", "login", "", ""}).problem().code,
            "not_found");
  EXPECT_EQ(store_->row_counts(), counts);
  EXPECT_TRUE(store_->verify_audit().intact);
}

TEST_P(StoreConformance, AccountsTeamsAndRoleChanges) {
  auto anna = author("anna");
  author("lead", {Role::team_lead, Role::field_worker});
  ASSERT_TRUE(store_->set_team_areas("Team A", {{"omr-1", "Centrum"}, {"omr-9", ""}}, {"t", "team_areas", "", ""}).ok());
  auto team = store_->find_team(anna.user.team_id);
  ASSERT_TRUE(team);
  EXPECT_EQ(team->areas, (std::vector<std::string>{"omr-1", "omr-9"}));
  EXPECT_EQ(team->area_name("omr-1"), "Centrum");
  EXPECT_EQ(store_->list_teams().size(), 1u);
  EXPECT_EQ(store_->list_districts().at(0).name, "D");
  EXPECT_EQ(store_->find_district(anna.user.district_id)->name, "D");
  auto lead = store_->find_user_by_username("lead");
  ASSERT_TRUE(lead);
  EXPECT_EQ(lead->roles, (RoleSet{Role::team_lead, Role::field_worker}));
  EXPECT_EQ(store_->team_members(anna.user.team_id).size(), 2u);
  ASSERT_TRUE(store_->update_user({anna.user.id, Role::evaluator, std::nullopt}, {"t", "user_update", "", ""}).ok());
  EXPECT_EQ(store_->find_user(anna.user.id)->roles, RoleSet{Role::evaluator});
  ASSERT_TRUE(store_->set_password_hash("anna", "new-hash", {"t", "set_password", "", ""}).ok());
  EXPECT_EQ(store_->find_user(anna.user.id)->password_hash, "new-hash");
  EXPECT_EQ(store_->list_users().size(), 2u);
  EXPECT_FALSE(store_->find_user_by_username("nobody"));
}

TEST_P(StoreConformance, TokenStatesFollowExpiryLogoutAndRevocation) {
  auto anna = author("anna");
  const std::string hash = core::hash_hex("token-a");
  auto device = store_->create_session(anna.user.id, "tablet", hash, now_ + 1000, {anna.user.id, "login", "", ""});
  ASSERT_TRUE(device.ok());
  EXPECT_EQ(store_->lookup_token(hash, now_).state, TokenState::valid);
  EXPECT_EQ(store_->lookup_token(hash, now_).user.id, anna.user.id);
  EXPECT_EQ(store_->lookup_token(hash, now_ + 1000).state, TokenState::expired);
  EXPECT_EQ(store_->lookup_token(core::hash_hex("other"), now_).state, TokenState::unknown);
  ASSERT_TRUE(store_->revoke_token(hash, {anna.user.id, "logout", "", ""}).ok());
  EXPECT_EQ(store_->lookup_token(hash, now_).state, TokenState::revoked);
  ASSERT_TRUE(store_->revoke_device(device->id, {"admin", "device_revoke", device->id, ""}).ok());
  ASSERT_TRUE(store_->revoke_device(device->id, {"admin", "device_revoke", device->id, ""}).ok()) << "twice is fine";
  EXPECT_EQ(store_->lookup_token(hash, now_).state, TokenState::device_revoked);
  EXPECT_TRUE(store_->find_device(device->id)->revoked_at);
  ASSERT_TRUE(store_->disable_user("anna", {"admin", "user_disable", "", ""}).ok());
  EXPECT_TRUE(store_->find_user(anna.user.id)->disabled);
  for (const auto& listed : store_->list_devices()) {
    if (listed.user_id == anna.user.id) {
      EXPECT_TRUE(listed.revoked_at) << "disabling revokes every device";
    }
  }
}

TEST_P(StoreConformance, AnEnrolmentCodeWorksOnceAndOnlyTheNewest) {
  auto anna = author("anna");
  const EnrolmentCode first{"code-1", anna.user.id, "admin-cli", now_, now_ + 900'000};
  const EnrolmentCode second{"code-2", anna.user.id, "admin-cli", now_ + 1, now_ + 900'000};
  ASSERT_TRUE(store_->create_enrolment(first, {"admin-cli", "enrol_create", "", ""}).ok());
  ASSERT_TRUE(store_->create_enrolment(second, {"admin-cli", "enrol_create", "", ""}).ok());
  EXPECT_EQ(store_->redeem_enrolment({"code-1", "t", "tok-1", now_ + 3'600'000, now_ + 2}).problem().code,
            "enrolment_expired")
      << "a newer code retires the older";
  auto enrolled = store_->redeem_enrolment({"code-2", "Surfplatta", "tok-2", now_ + 3'600'000, now_ + 2});
  ASSERT_TRUE(enrolled.ok());
  EXPECT_EQ(enrolled->user.id, anna.user.id);
  EXPECT_EQ(store_->lookup_token("tok-2", now_).state, TokenState::valid);
  EXPECT_EQ(store_->redeem_enrolment({"code-2", "again", "tok-3", now_ + 3'600'000, now_ + 3}).problem().code,
            "enrolment_used");
  EXPECT_EQ(store_->redeem_enrolment({"nope", "x", "tok-4", now_ + 3'600'000, now_ + 3}).problem().code,
            "unauthorized");
  EXPECT_EQ(store_->create_enrolment({"code-x", core::make_uuid_v4(), "admin-cli", now_, now_ + 1},
                                     {"admin-cli", "enrol_create", "", ""}).problem().code,
            "not_found");
}

TEST_P(StoreConformance, ReopeningKeepsEverythingAndTheChain) {
  auto anna = author("anna");
  const auto record = field_contact(core::make_uuid_v4(), 1);
  push(anna, {record});
  const auto counts = store_->row_counts();
  const auto before = rollups();
  store_.reset();
  store_ = GetParam()->reopen();
  EXPECT_EQ(store_->row_counts(), counts);
  EXPECT_EQ(rollups(), before);
  EXPECT_TRUE(store_->verify_audit().intact);
  EXPECT_EQ(push_one(anna, record).status, PushStatus::duplicate);
}

}  // namespace
}  // namespace faltlogg::server::testing
