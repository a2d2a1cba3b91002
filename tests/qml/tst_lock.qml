// Unlocking with the passphrase, the attempt counter and its last-attempt warning, locking from the
// home screen, and what happens when the attempts run out.
import QtQuick
import QtTest
import Faltlogg
import Faltlogg.Models
import "FaltloggTestHelpers.js" as Helpers

Item {
    id: root
    width: 800
    height: 1280

    Component { id: appComponent; Main {} }

    TestCase {
        name: "Lock"
        when: windowShown

        property var app

        function init() {
            app = createTemporaryObject(appComponent, root)
            verify(app)
        }

        function typePassphrase(text) {
            const input = findChild(app.contentItem, "passphraseField")
            verify(input, "the unlock page is shown")
            input.text = ""
            mouseClick(input)
            Helpers.typeText(this, input, text)
            mouseClick(findChild(app.contentItem, "unlockButton"))
            // The passphrase is checked off the UI thread: the page shows it is busy, then the outcome.
            verify(Session.unlocking, "the unlock runs in the background")
            verify(findChild(app.contentItem, "unlockBusy").visible)
            tryVerify(() => !Session.unlocking, 10000)
        }

        // Runs first (alphabetical order is not guaranteed, so each test sets up what it needs).
        function test_1_wrong_then_right_passphrase() {
            if (Session.stage === Session.Unlocked)
                Session.lock()
            compare(Session.stage, Session.Locked)
            const left = Session.attemptsLeft
            typePassphrase("fel fras")
            compare(Session.stage, Session.Locked)
            compare(Session.attemptsLeft, left - 1)
            const message = findChild(app.contentItem, "lockMessage")
            verify(message.visible)
            verify(message.text.indexOf("försök kvar") >= 0, message.text)

            typePassphrase(Helpers.demoPassphrase)
            tryCompare(Session, "stage", Session.Unlocked)
            tryVerify(() => findChild(app.contentItem, "homePage") !== null)
            verify(Session.records.count > 0, "the records are readable once unlocked")
        }

        function test_2_lock_button_hides_everything() {
            if (Session.stage === Session.Locked)
                { verify(Session.unlock(Helpers.demoPassphrase)); tryCompare(Session, "stage", Session.Unlocked, 10000) }
            app.showScreen("home", "")
            mouseClick(findChild(app.contentItem, "lockButton"))
            compare(Session.stage, Session.Locked)
            compare(Session.records.count, 0, "no record stays in memory behind the lock")
            tryVerify(() => findChild(app.contentItem, "unlockPage") !== null)
        }

        function test_3_warning_before_last_attempt_then_store_destroyed() {
            if (Session.stage === Session.Unlocked)
                Session.lock()
            while (Session.attemptsLeft > 1)
                typePassphrase("fel")
            const message = findChild(app.contentItem, "lockMessage")
            verify(message.text.indexOf("Varning") >= 0, message.text)

            typePassphrase("fel igen")
            compare(Session.stage, Session.NeedsSetup)
            tryVerify(() => findChild(app.contentItem, "setupPage") !== null)
        }
    }
}
