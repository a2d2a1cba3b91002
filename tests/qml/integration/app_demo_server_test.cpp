// The app against the real server loaded with the demo data (faltlogg-admin demo-data), as a field worker
// meets it: enrolment by the code the admin tool prints, typed into the real setup page or read from its QR
// code by the page's scanner (frames through a real QVideoSink: there is no camera here); the team's areas
// shown by their names, never as the server's ids; and a record whose area the team removed is not stuck —
// it says so, can be moved to a current area and reaches the server.
#include "app_fixture.hpp"
#include "models/field_list_model.hpp"
#include "models/record_draft.hpp"
#include "qr_test_images.hpp"

#include <QGuiApplication>
#include <QQuickItem>
#include <QVideoSink>
#include <QtQml/qqmlextensionplugin.h>

#include <regex>

Q_IMPORT_QML_PLUGIN(FaltloggPlugin)
Q_IMPORT_QML_PLUGIN(Faltlogg_ModelsPlugin)

namespace faltlogg::client::testing {
namespace {

const std::set<std::string> kNorrvikAreaIds = {"norrvik-centrum", "norrvik-strand", "ekbacken"};
constexpr const char* kLead = "lead.maria";
constexpr const char* kLeadPassword = "lead.maria-demo";

class AppDemoServerTest : public AppFixture {
 protected:
  void SetUp() override {
    const auto demo = server_.admin({"demo-data"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    server_.start();
    loadApp();
  }

  struct Enrolment {
    std::string code;  // as printed, e.g. "ABCDE-FGHJK"
    std::string uri;   // faltlogg://enrol?server=…&code=…&pin=sha256/…
  };
  Enrolment enrol(const std::string& username) {
    const auto result = server_.admin({"enrol", username, "--qr", "none"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::smatch code;
    std::smatch uri;
    Enrolment enrolment;
    if (std::regex_search(result.out, code, std::regex(": ([0-9A-Z]{5}-[0-9A-Z]{5})\n"))) enrolment.code = code[1];
    if (std::regex_search(result.out, uri, std::regex("URI: (faltlogg://enrol\\?\\S+)"))) enrolment.uri = uri[1];
    EXPECT_FALSE(enrolment.code.empty() || enrolment.uri.empty()) << result.out;
    return enrolment;
  }

  QObject* item(const char* name) {
    QObject* found = engine_.rootObjects().first()->findChild<QObject*>(QString::fromLatin1(name));
    EXPECT_NE(found, nullptr) << name;
    return found;
  }

  // What a person does on the setup page: "Med kod", the code (or the pasted link), a passphrase twice,
  // then "Anslut och synka" once the page lets them.
  void typeCodeOnSetupPage(const std::string& code) {
    ASSERT_TRUE(waitUntil([&] { return engine_.rootObjects().first()->findChild<QObject*>("setupPage") != nullptr; }));
    QMetaObject::invokeMethod(item("codeModeTab"), "clicked");
    item("enrolCodeField")->setProperty("text", QString::fromStdString(code));
    item("newPassphraseField")->setProperty("text", QString::fromUtf8(kTestPassphrase));
    item("repeatPassphraseField")->setProperty("text", QString::fromUtf8(kTestPassphrase));
    QObject* connectButton = item("connectButton");
    ASSERT_TRUE(waitUntil([&] { return connectButton->property("enabled").toBool(); }, 5000))
        << "the page accepts the code: " << item("enrolCodeHint")->property("text").toString().toStdString();
    QMetaObject::invokeMethod(connectButton, "clicked");
  }

  void waitForFirstSync() {
    ASSERT_TRUE(waitUntil([&] { return session_->stage() == Session::Stage::Unlocked; }, 30000))
        << session_->setupError().toStdString();
    ASSERT_TRUE(waitUntil([&] {
      return !session_->sync()->busy() && session_->sync()->state() != SyncStatus::State::NeverSynced;
    }, 60000));
    // The list is read on the sync thread and arrives a moment after the first sync.
    ASSERT_TRUE(waitUntil([&] { return session_->records()->count() > 10; }))
        << "the user's demo records came with the first sync";
  }

  // The area chips the form offers: value -> label.
  std::map<std::string, std::string> areaChoices() {
    std::map<std::string, std::string> choices;
    RecordDraft* draft = session_->newDraft("faltkontakt");
    if (draft == nullptr) return choices;
    auto* fields = draft->fields();
    for (int row = 0; row < fields->rowCount(); ++row) {
      const QModelIndex index = fields->index(row);
      if (fields->data(index, FieldListModel::FieldIdRole).toString() != "area_id") continue;
      for (const auto& option : fields->data(index, FieldListModel::OptionsRole).toList()) {
        const auto map = option.toMap();
        choices[map.value("value").toString().toStdString()] = map.value("label").toString().toStdString();
      }
    }
    session_->discardDraft();
    return choices;
  }

  std::string saveContact(const char* area) {
    RecordDraft* draft = session_->newDraft("faltkontakt");
    EXPECT_NE(draft, nullptr);
    if (draft == nullptr) return {};
    draft->setInteger("duration_min", 45);
    draft->chooseOption("area_id", area);
    draft->chooseOption("arena", "utomhus");
    draft->chooseOption("kontakt", "kand");  // faltkontakt v2, the form the tablet writes
    draft->chooseOption("aktivitet", "stodsamtal");
    draft->stepGridCell("youths", 0, 2, 2);
    draft->setBool("in_pair", true);
    // The write happens on the sync thread: save() returns before the record is stored.
    EXPECT_TRUE(draft->save()) << draft->saveError().toStdString() << errorsOf(*draft);
    EXPECT_TRUE(draft->saving());
    EXPECT_TRUE(waitUntil([&] { return !draft->saving(); }));
    EXPECT_TRUE(draft->saveError().isEmpty()) << draft->saveError().toStdString();
    return draft->recordId().toStdString();
  }

  // Polled by waitUntil: the app's event loop runs 250 ms between two looks at the server.
  static std::string errorsOf(const RecordDraft& draft) {
    std::string text;
    for (const auto& error : draft.currentErrors()) text += " " + error.field + ": " + error.code;
    return text;
  }

  std::string areaOnServer(const std::string& id) {
    waitUntil([] { return false; }, 250);
    auto records = recordsOnServer(kLead, kLeadPassword);
    auto found = records.find(id);
    if (found == records.end()) return {};
    const auto* area = found->second.if_contains("area_id");
    return area != nullptr && area->is_string() ? std::string(area->get_string()) : std::string("?");
  }
};

TEST_F(AppDemoServerTest, EnrolsByTheCodeTypedOnTheSetupPageAndSyncsARecord) {
  const Enrolment first = enrol("falt.anna");
  // A new tablet knows no server yet: the whole link (pasted, or read from the QR code) brings the
  // server's address and the pin of its key.
  typeCodeOnSetupPage(first.uri);
  waitForFirstSync();
  EXPECT_EQ(session_->userName(), "Anna Exempel");
  const std::string id = saveContact("norrvik-centrum");
  ASSERT_TRUE(waitUntil([&] { return areaOnServer(id) == "norrvik-centrum"; }, 30000)) << "the record is on the server";

  // The next person on this tablet types only the code: the server and its pinned key were kept.
  session_->signOut();
  ASSERT_EQ(session_->stage(), Session::Stage::NeedsSetup);
  const Enrolment second = enrol("falt.omar");
  typeCodeOnSetupPage(second.code);
  waitForFirstSync();
  EXPECT_EQ(session_->userName(), "Omar Exempel");

  // A used code says so, in Swedish, with what to do; nothing is left behind.
  session_->signOut();
  typeCodeOnSetupPage(second.code);
  ASSERT_TRUE(waitUntil([&] { return !session_->setupBusy() && !session_->setupError().isEmpty(); }, 30000));
  EXPECT_EQ(session_->setupError(), "Koden är redan använd. Be din teamledare om en ny kod.");
  EXPECT_EQ(session_->stage(), Session::Stage::NeedsSetup);
}

TEST_F(AppDemoServerTest, EnrolsByTheQrCodeReadFromCameraFrames) {
  const Enrolment enrolment = enrol("falt.anna");
  ASSERT_TRUE(waitUntil([&] { return engine_.rootObjects().first()->findChild<QObject*>("setupPage") != nullptr; }));
  // The camera view hands the scanner its viewfinder's sink; here the test's sink takes its place and
  // gets, frame by frame, what a camera pointed at the admin's terminal QR code would deliver.
  QVideoSink camera;
  QObject* scanner = item("qrScanner");
  ASSERT_TRUE(scanner->setProperty("videoSink", QVariant::fromValue<QObject*>(&camera)));
  QImage blank(640, 480, QImage::Format_RGB32);
  blank.fill(Qt::darkGray);
  camera.setVideoFrame(testing::frameOf(blank));
  ASSERT_TRUE(waitUntil([&] { return scanner->property("framesDecoded").toInt() >= 1; }, 10000));
  EXPECT_TRUE(item("enrolCodeField")->property("text").toString().isEmpty()) << "nothing read from an empty frame";
  camera.setVideoFrame(testing::frameOf(testing::makeQr(QString::fromStdString(enrolment.uri), 5)));
  ASSERT_TRUE(waitUntil([&] {
    return item("enrolCodeField")->property("text").toString() == QString::fromStdString(enrolment.uri);
  }, 10000)) << "the link read from the code is where a typed one goes";
  item("newPassphraseField")->setProperty("text", QString::fromUtf8(kTestPassphrase));
  item("repeatPassphraseField")->setProperty("text", QString::fromUtf8(kTestPassphrase));
  QObject* connectButton = item("connectButton");
  ASSERT_TRUE(waitUntil([&] { return connectButton->property("enabled").toBool(); }, 5000));
  QMetaObject::invokeMethod(connectButton, "clicked");
  waitForFirstSync();
  EXPECT_EQ(session_->userName(), "Anna Exempel");
}

TEST_F(AppDemoServerTest, AreasShowTheirNamesAndARemovedAreaCanBeMovedAndSynced) {
  session_->setUp(url(), "falt.anna", "falt.anna-demo", QString::fromStdString(server_.ca_file()), kTestPassphrase);
  waitForFirstSync();

  // The form offers the team's areas by name.
  const auto choices = areaChoices();
  EXPECT_EQ(choices, (std::map<std::string, std::string>{{"ekbacken", "Ekbacken"},
                                                         {"norrvik-centrum", "Norrvik centrum"},
                                                         {"norrvik-strand", "Norrviks strand"}}));
  // No record shows a server id where a name belongs.
  for (int row = 0; row < std::min(40, session_->records()->count()); ++row) {
    const auto detail = session_->recordDetail(session_->records()->get(row)["recordId"].toString());
    for (const auto& field : detail["rows"].toList()) {
      EXPECT_FALSE(kNorrvikAreaIds.contains(field.toMap().value("value").toString().toStdString()))
          << field.toMap().value("label").toString().toStdString();
    }
  }

  // One record synced in Ekbacken; then the team stops working there.
  const std::string synced = saveContact("ekbacken");
  ASSERT_TRUE(waitUntil([&] { return areaOnServer(synced) == "ekbacken"; }, 30000));
  ASSERT_TRUE(waitUntil([&] { return !session_->sync()->busy(); }));  // the run has fetched the lists too
  const auto changed = server_.admin({"team", "set-areas", "Fältgruppen Norrvik", "--areas",
                                      "norrvik-centrum=Norrvik centrum,norrvik-strand=Norrviks strand"});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  // Saved before the tablet heard of it: the server refuses this one for its area.
  const std::string refused = saveContact("ekbacken");
  ASSERT_TRUE(waitUntil([&] {
    return session_->sync()->needsCorrectionCount() == 1 && !session_->sync()->busy() &&
           areaChoices().size() == 2;
  }, 30000)) << "the refusal came back and the sync brought the new list without a new login";

  for (const std::string& id : {synced, refused}) {
    const QString recordId = QString::fromStdString(id);
    // The record opens and says what is wrong, in words.
    const auto detail = session_->recordDetail(recordId);
    ASSERT_FALSE(detail.isEmpty());
    bool noted = false;
    for (const auto& field : detail["rows"].toList()) {
      const auto row = field.toMap();
      EXPECT_NE(row.value("value").toString(), "ekbacken");
      if (row.value("stale").toBool()) {
        noted = true;
        EXPECT_EQ(row.value("value").toString(), "Området finns inte längre – välj ett nytt");
      }
    }
    EXPECT_TRUE(noted) << id;
    // It can be moved to a current area and goes out again.
    RecordDraft* draft = session_->editDraft(recordId);
    ASSERT_NE(draft, nullptr) << "the record is not stuck";
    EXPECT_EQ(draft->visibleError("area_id"), "Området finns inte längre – välj ett nytt.");
    EXPECT_FALSE(draft->save()) << "not saved in an area that is gone";
    draft->chooseOption("area_id", "norrvik-strand");
    ASSERT_TRUE(saveAndWait(draft)) << draft->saveError().toStdString();
  }
  ASSERT_TRUE(waitUntil([&] {
    return areaOnServer(synced) == "norrvik-strand" && areaOnServer(refused) == "norrvik-strand";
  }, 30000)) << "both moved records reached the server";
  EXPECT_TRUE(waitUntil([&] { return session_->sync()->needsCorrectionCount() == 0; }));
}

}  // namespace
}  // namespace faltlogg::client::testing

int main(int argc, char** argv) {
  QGuiApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
