#include "models/record_draft.hpp"

#include "faltlogg/core/time.hpp"
#include "models/field_list_model.hpp"

#include <QAbstractItemModelTester>
#include <QSignalSpy>

#include <gtest/gtest.h>

namespace faltlogg::client {
namespace {

namespace json = boost::json;

constexpr core::Millis kNow = 1'795'000'000'000;  // a fixed clock keeps "now" and "5 min ahead" exact

class RecordDraftTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto registry = core::FormRegistry::load_directory(core::default_forms_dir());
    ASSERT_TRUE(registry) << registry.problem().detail;
    forms_ = std::move(registry.value());
  }

  std::unique_ptr<RecordDraft> makeDraft(const std::string& formId = "faltkontakt") {
    DraftSetup setup;
    setup.form = *forms_.latest(formId);
    setup.references["areas"] = {{"a1", "Område 1", "Area 1", false}, {"a2", "Område 2", "Area 2", false}};
    setup.clock = [] { return kNow; };
    setup.saveRecord = [this](core::Record record, DraftSetup::SaveDone done) {
      record.hlc = "stored";
      saved_.push_back(record);
      done(std::move(record));
    };
    return std::make_unique<RecordDraft>(std::move(setup));
  }

  QVariant role(RecordDraft& draft, const QString& fieldId, int role) {
    auto* model = draft.fields();
    for (int row = 0; row < model->rowCount(); ++row) {
      if (model->data(model->index(row), FieldListModel::FieldIdRole).toString() == fieldId) {
        return model->data(model->index(row), role);
      }
    }
    ADD_FAILURE() << "no field " << fieldId.toStdString();
    return {};
  }

  QString shownError(RecordDraft& draft, const QString& fieldId) {
    return role(draft, fieldId, FieldListModel::ErrorRole).toString();
  }

  void fillValidContact(RecordDraft& draft) {
    draft.setInteger("duration_min", 45);
    draft.chooseOption("area_id", "a1");
    draft.chooseOption("arena", "utomhus");
    draft.chooseOption("kontakt", "ny");  // faltkontakt v2
    draft.chooseOption("aktivitet", "uppsokande_runda");
    draft.stepGridCell("youths", 1, 3, 1);  // pojke, 16-17 (v2 columns: u10, 10-12, 13-15, 16-17, ...)
    draft.setBool("in_pair", true);
  }

  core::FormRegistry forms_;
  std::vector<core::Record> saved_;
};

TEST_F(RecordDraftTest, RowsFollowThePackAndPassTheModelTester) {
  auto draft = makeDraft();
  QAbstractItemModelTester tester(draft->fields(), QAbstractItemModelTester::FailureReportingMode::Fatal);
  const auto& form = *forms_.latest("faltkontakt");
  ASSERT_EQ(draft->fields()->rowCount(), int(form.fields.size()));
  EXPECT_EQ(role(*draft, "arena", FieldListModel::TypeRole).toString(), "single");
  EXPECT_EQ(role(*draft, "youths", FieldListModel::TypeRole).toString(), "count_grid");
  EXPECT_TRUE(role(*draft, "arena", FieldListModel::RequiredRole).toBool());
  EXPECT_FALSE(role(*draft, "notes", FieldListModel::RequiredRole).toBool());
  EXPECT_EQ(role(*draft, "area_id", FieldListModel::OptionsRole).toList().size(), 2);
}

TEST_F(RecordDraftTest, DatetimeDefaultsToNow) {
  auto draft = makeDraft();
  EXPECT_EQ(draft->buildRecord().occurred_at, core::format_rfc3339(kNow));
}

TEST_F(RecordDraftTest, ErrorsAppearOnlyOnceTouchedOrAfterSave) {
  auto draft = makeDraft();
  EXPECT_GT(draft->errorCount(), 0);
  EXPECT_TRUE(shownError(*draft, "arena").isEmpty());
  EXPECT_FALSE(draft->save());
  EXPECT_TRUE(saved_.empty());
  EXPECT_TRUE(shownError(*draft, "arena").contains("Fyll i")) << shownError(*draft, "arena").toStdString();
  draft->setEnglish(true);
  EXPECT_TRUE(shownError(*draft, "arena").contains("Fill in"));
  EXPECT_EQ(draft->firstErrorRow(), 1);  // duration_min comes right after occurred_at
}

TEST_F(RecordDraftTest, ValidContactSavesWithoutOccurredAtInData) {
  auto draft = makeDraft();
  fillValidContact(*draft);
  EXPECT_EQ(draft->errorCount(), 0);
  QSignalSpy savedSpy(draft.get(), &RecordDraft::saved);
  ASSERT_TRUE(draft->save()) << draft->saveError().toStdString();
  ASSERT_EQ(saved_.size(), 1u);
  const auto& record = saved_.front();
  EXPECT_EQ(record.form_id, "faltkontakt");
  EXPECT_FALSE(record.data.contains("occurred_at"));
  EXPECT_EQ(record.data.at("youths").at("pojke").at("16_17").as_int64(), 1);
  EXPECT_FALSE(record.data.contains("concerns")) << "an untouched optional multi choice is not sent";
  EXPECT_EQ(savedSpy.count(), 1);
}

TEST_F(RecordDraftTest, PersonnummerInNotesIsShownWhileTyping) {
  auto draft = makeDraft();
  draft->setText("notes", "Träffade 811218-9876 vid torget");
  EXPECT_TRUE(shownError(*draft, "notes").contains("personnummer")) << shownError(*draft, "notes").toStdString();
  draft->setText("notes", "Träffade en grupp vid torget");
  EXPECT_TRUE(shownError(*draft, "notes").isEmpty());
}

TEST_F(RecordDraftTest, HalfTypedCaseCodeIsNotWrongUntilLeft) {
  auto draft = makeDraft("familjebehandling");
  draft->setText("case_code", "AB-20");
  EXPECT_TRUE(shownError(*draft, "case_code").isEmpty());
  draft->touch("case_code");
  EXPECT_FALSE(shownError(*draft, "case_code").isEmpty());
}

TEST_F(RecordDraftTest, ExclusiveOptionClearsTheOthersAndBack) {
  auto draft = makeDraft();
  draft->toggleOption("concerns", "alkohol");
  draft->toggleOption("concerns", "vald");
  EXPECT_EQ(role(*draft, "concerns", FieldListModel::ValueRole).toStringList(), (QStringList{"alkohol", "vald"}));
  draft->toggleOption("concerns", "ingen");
  EXPECT_EQ(role(*draft, "concerns", FieldListModel::ValueRole).toStringList(), QStringList{"ingen"});
  draft->toggleOption("concerns", "nikotin");
  EXPECT_EQ(role(*draft, "concerns", FieldListModel::ValueRole).toStringList(), QStringList{"nikotin"});
  draft->toggleOption("concerns", "nikotin");
  EXPECT_TRUE(role(*draft, "concerns", FieldListModel::ValueRole).toStringList().isEmpty());
}

TEST_F(RecordDraftTest, SteppersStopAtTheBounds) {
  auto draft = makeDraft();
  draft->stepGridCell("youths", 0, 0, -1);
  EXPECT_EQ(role(*draft, "youths", FieldListModel::TotalRole).toInt(), 0);
  draft->stepInteger("duration_min", -5);
  EXPECT_EQ(role(*draft, "duration_min", FieldListModel::ValueRole).toInt(), 1);
  draft->setInteger("duration_min", 600);
  draft->stepInteger("duration_min", 5);
  EXPECT_EQ(role(*draft, "duration_min", FieldListModel::ValueRole).toInt(), 600);
}

TEST_F(RecordDraftTest, HostileInputChangesNothing) {
  auto draft = makeDraft();
  const auto before = draft->buildRecord();
  draft->setText("no_such_field", "x");
  draft->setInteger("arena", 3);            // wrong type for the field
  draft->toggleOption("arena", "skola");    // a single choice is not toggled
  draft->stepGridCell("youths", 99, 0, 1);  // out of the grid
  draft->stepGridCell("youths", 0, -1, 1);
  draft->chooseOption("arena", QString(5000, QLatin1Char('x')));  // unknown value: stored, then refused
  EXPECT_EQ(draft->buildRecord().data.size(), before.data.size() + 1);
  EXPECT_FALSE(draft->save());
  EXPECT_TRUE(saved_.empty());
}

TEST_F(RecordDraftTest, FutureTimeIsRefused) {
  auto draft = makeDraft();
  fillValidContact(*draft);
  draft->shiftDateTime("occurred_at", 15);
  EXPECT_FALSE(draft->save());
  EXPECT_FALSE(shownError(*draft, "occurred_at").isEmpty());
  draft->shiftDateTime("occurred_at", -15);
  EXPECT_TRUE(draft->save());
}

TEST_F(RecordDraftTest, TappingARememberedOrRequiredChoiceAgainKeepsIt) {
  DraftSetup setup;
  setup.form = *forms_.latest("faltkontakt");
  setup.references["areas"] = {{"a1", "Område 1", "Area 1", false}, {"a2", "Område 2", "Area 2", false}};
  setup.initialValues["area_id"] = "a1";
  setup.prefilledFields.insert("area_id");
  setup.clock = [] { return kNow; };
  RecordDraft draft(std::move(setup));
  draft.chooseOption("area_id", "a1");  // "som förra gången": the tap confirms it
  ASSERT_NE(draft.valueOf("area_id"), nullptr);
  EXPECT_EQ(draft.valueOf("area_id")->as_string(), "a1");
  EXPECT_FALSE(draft.prefilled("area_id")) << "confirmed, no longer only remembered";
  draft.chooseOption("arena", "utomhus");
  draft.chooseOption("arena", "utomhus");  // required: a second tap does not empty it
  ASSERT_NE(draft.valueOf("arena"), nullptr);
  EXPECT_EQ(draft.valueOf("arena")->as_string(), "utomhus");
  draft.chooseOption("area_id", "a2");
  EXPECT_EQ(draft.valueOf("area_id")->as_string(), "a2");
}

TEST_F(RecordDraftTest, ASaveThatFinishesLaterSaysSoAndIsNotRepeated) {
  DraftSetup setup;
  setup.form = *forms_.latest("faltkontakt");
  setup.references["areas"] = {{"a1", "Område 1", "Area 1", false}};
  setup.clock = [] { return kNow; };
  std::vector<DraftSetup::SaveDone> pending;
  setup.saveRecord = [&](core::Record, DraftSetup::SaveDone done) { pending.push_back(std::move(done)); };
  RecordDraft draft(std::move(setup));
  fillValidContact(draft);
  QSignalSpy savedSpy(&draft, &RecordDraft::saved);
  EXPECT_TRUE(draft.save());
  EXPECT_TRUE(draft.saving());
  EXPECT_TRUE(draft.save()) << "a second tap while saving";
  ASSERT_EQ(pending.size(), 1u) << "is not a second record";
  EXPECT_EQ(savedSpy.count(), 0);
  core::Record stored = draft.buildRecord();
  stored.id = "8f1d6c1e-2b7a-4c33-9d0e-1f2a3b4c5d6e";
  pending.front()(stored);
  EXPECT_FALSE(draft.saving());
  EXPECT_EQ(savedSpy.count(), 1);
  EXPECT_EQ(draft.recordId(), QString::fromStdString(stored.id));

  // A later refusal (the disk is full) arrives as saveError with every value kept.
  DraftSetup second;
  second.form = draft.form();
  second.references["areas"] = {{"a1", "Område 1", "Area 1", false}};
  second.clock = [] { return kNow; };
  second.saveRecord = [&](core::Record, DraftSetup::SaveDone done) { pending.push_back(std::move(done)); };
  RecordDraft again(std::move(second));
  fillValidContact(again);
  EXPECT_TRUE(again.save());
  pending.back()(core::make_problem("storage_full", 507, "Storage full", "Lagringen är full."));
  EXPECT_FALSE(again.saving());
  EXPECT_EQ(again.saveError(), "Lagringen är full.");
  EXPECT_EQ(again.buildRecord().data.at("arena").as_string(), "utomhus");
}

TEST_F(RecordDraftTest, FailedStoreKeepsTheDraftAndSaysWhy) {
  DraftSetup setup;
  setup.form = *forms_.latest("faltkontakt");
  setup.clock = [] { return kNow; };
  setup.saveRecord = [](core::Record, DraftSetup::SaveDone done) {
    done(core::make_problem("storage_full", 507, "Storage full", "Lagringen är full."));
  };
  RecordDraft draft(std::move(setup));
  draft.setInteger("duration_min", 45);
  draft.chooseOption("area_id", "valfritt-omrade");
  draft.chooseOption("arena", "utomhus");
  draft.chooseOption("kontakt", "ingen_direkt");
  draft.chooseOption("aktivitet", "samverkansmote");
  draft.setBool("in_pair", false);
  EXPECT_FALSE(draft.save());
  EXPECT_EQ(draft.saveError(), "Lagringen är full.");
  EXPECT_EQ(draft.buildRecord().data.at("arena").as_string(), "utomhus");
}

}  // namespace
}  // namespace faltlogg::client
