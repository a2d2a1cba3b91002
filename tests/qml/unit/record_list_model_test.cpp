#include "models/record_list_model.hpp"

#include "faltlogg/core/time.hpp"

#include <QAbstractItemModelTester>

#include <gtest/gtest.h>

namespace faltlogg::client {
namespace {

StoredRecord stored(const std::string& id, const QDateTime& at, SyncMark mark = SyncMark::clean) {
  StoredRecord s;
  s.record.id = id;
  s.record.form_id = "faltkontakt";
  s.record.form_version = 1;
  s.record.occurred_at = core::format_rfc3339(at.toMSecsSinceEpoch());
  s.mark = mark;
  return s;
}

class RecordListModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto registry = core::FormRegistry::load_directory(core::default_forms_dir());
    ASSERT_TRUE(registry);
    forms_ = std::move(registry.value());
  }
  core::FormRegistry forms_;
  // A Thursday afternoon, local time: Monday and Wednesday are "this week", last Friday is not.
  const QDateTime now_ = QDateTime(QDate(2026, 11, 26), QTime(15, 0));
};

TEST_F(RecordListModelTest, SectionsNewestFirstAndTombstonesHidden) {
  RecordListModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
  auto deleted = stored("d", now_.addSecs(-60));
  deleted.record.deleted = true;
  model.setRecords({stored("fri", now_.addDays(-6)), stored("mon", now_.addDays(-3)), stored("today", now_.addSecs(-3600)),
                    stored("wed", now_.addDays(-1)), deleted},
                   &forms_, now_);
  ASSERT_EQ(model.count(), 4);
  EXPECT_EQ(model.get(0)["recordId"], "today");
  EXPECT_EQ(model.get(0)["section"], "Idag");
  EXPECT_EQ(model.get(1)["recordId"], "wed");
  EXPECT_EQ(model.get(1)["section"], "Denna vecka");
  EXPECT_EQ(model.get(2)["recordId"], "mon");
  EXPECT_EQ(model.get(3)["section"], "Tidigare");
  EXPECT_EQ(model.todayCount(), 1);
  EXPECT_EQ(model.weekCount(), 3);
  EXPECT_EQ(model.rowOf("d"), -1);
}

TEST_F(RecordListModelTest, SyncMarksRejectionAndLatestReview) {
  RecordListModel model;
  auto rejected = stored("r", now_, SyncMark::needsCorrection);
  rejected.rejection = core::make_problem("validation_failed", 422, "Validation failed", "bad");
  rejected.rejection->errors.push_back({"area_id", "unknown_value", "Området finns inte.", "Unknown area."});
  auto reviewed = stored("v", now_.addSecs(-10));
  reviewed.reviews.push_back({"1", "v", "needs_changes", "Först", "lead", "", 1});
  reviewed.reviews.push_back({"2", "v", "approved", "", "lead", "", 2});
  model.setRecords({rejected, reviewed, stored("w", now_.addSecs(-20), SyncMark::dirty)}, &forms_, now_);
  EXPECT_EQ(model.get(model.rowOf("r"))["syncState"], "needs_correction");
  EXPECT_EQ(model.get(model.rowOf("r"))["rejection"], "Området finns inte.");
  model.setEnglish(true);
  EXPECT_EQ(model.get(model.rowOf("r"))["rejection"], "Unknown area.");
  EXPECT_EQ(model.get(model.rowOf("v"))["reviewState"], "approved") << "the latest review counts";
  EXPECT_EQ(model.get(model.rowOf("w"))["syncState"], "waiting");
}

TEST_F(RecordListModelTest, HiddenRowWhileDeletionCanBeUndone) {
  RecordListModel model;
  model.setRecords({stored("a", now_), stored("b", now_.addSecs(-5))}, &forms_, now_);
  model.setHiddenId("a");
  EXPECT_EQ(model.count(), 1);
  model.setHiddenId({});
  EXPECT_EQ(model.count(), 2);
}

}  // namespace
}  // namespace faltlogg::client
