// "Byt lösenfras" in Inställningar (decision 0092): bad input is refused with a message before anything is
// tried; a wrong current passphrase changes nothing and counts as a wrong attempt; the right one re-wraps the
// key off the UI thread, after which only the new passphrase unlocks and every record is still there.
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
        id: test
        name: "ChangePassphrase"
        when: windowShown

        property var app
        property var states: []  // Session.changingPassphrase at each change of state

        Connections {
            target: Session
            function onPassphraseChangeStateChanged() { test.states.push(Session.changingPassphrase) }
        }
        readonly property string newPassphrase: "kvällsrunda vid stationen 42"

        function init() {
            app = createTemporaryObject(appComponent, root)
            verify(app)
            if (Session.stage === Session.Locked)
                { verify(Session.unlock(Helpers.demoPassphrase)); tryCompare(Session, "stage", Session.Unlocked, 10000) }
            compare(Session.stage, Session.Unlocked)
            verify(app.showScreen("settings", ""))
            tryCompare(findChild(app.contentItem, "stack"), "busy", false)
        }

        function openDialog() {
            const button = findChild(app.contentItem, "changePassphraseButton")
            verify(button)
            mouseClick(button)
            const dialog = findChild(app.contentItem, "settingsPage").passphraseDialog
            tryCompare(dialog, "opened", true)
            return dialog
        }

        function fill(dialog, current, replacement, repeated) {
            findChild(dialog.contentItem, "currentPassphraseField").text = current
            findChild(dialog.contentItem, "replacementPassphraseField").text = replacement
            findChild(dialog.contentItem, "repeatedPassphraseField").text = repeated
        }

        function problemText(dialog) {
            const label = findChild(dialog.contentItem, "passphraseChangeProblem")
            return label.visible ? label.text : ""
        }

        function test_1_bad_input_is_refused_before_anything_is_tried() {
            const dialog = openDialog()
            const confirm = findChild(dialog.contentItem, "confirmPassphraseChange")
            compare(problemText(dialog), "")
            fill(dialog, Helpers.demoPassphrase, "kort", "kort")
            verify(problemText(dialog).indexOf("Minst 8 tecken") >= 0, problemText(dialog))
            verify(!confirm.enabled)
            fill(dialog, Helpers.demoPassphrase, test.newPassphrase, test.newPassphrase + "!")
            verify(problemText(dialog).indexOf("inte lika") >= 0, problemText(dialog))
            verify(!confirm.enabled)
            fill(dialog, test.newPassphrase, test.newPassphrase, test.newPassphrase)
            verify(problemText(dialog).indexOf("samma") >= 0, problemText(dialog))
            verify(!confirm.enabled)
            // Called directly (as a script could): refused the same way, nothing starts.
            verify(!Session.changePassphrase(Helpers.demoPassphrase, "kort", "kort"))
            verify(!Session.changingPassphrase)
            dialog.close()
        }

        function test_2_wrong_current_passphrase_changes_nothing() {
            const attemptsBefore = Session.failedAttempts
            const dialog = openDialog()
            fill(dialog, "inte min lösenfras alls", test.newPassphrase, test.newPassphrase)
            states.length = 0
            mouseClick(findChild(dialog.contentItem, "confirmPassphraseChange"))
            tryCompare(Session, "changingPassphrase", false, 10000)
            compare(states, [true, false], "the change ran on the worker: the click returned before it ended")
            verify(problemText(dialog).indexOf("Fel lösenfras") >= 0, problemText(dialog))
            verify(dialog.opened, "the dialog stays open to try again")
            compare(Session.failedAttempts, attemptsBefore + 1, "counted like a wrong unlock")
            dialog.close()
        }

        function test_3_new_passphrase_replaces_the_old_one() {
            const records = Session.records.count
            verify(records > 0)
            const dialog = openDialog()
            fill(dialog, Helpers.demoPassphrase, test.newPassphrase, test.newPassphrase)
            mouseClick(findChild(dialog.contentItem, "confirmPassphraseChange"))
            tryCompare(Session, "changingPassphrase", false, 10000)
            tryCompare(dialog, "opened", false)
            verify(findChild(app.contentItem, "passphraseChangedNote").text.indexOf("bytt") >= 0)
            compare(Session.failedAttempts, 0)

            Session.lock()
            compare(Session.stage, Session.Locked)
            verify(Session.unlock(Helpers.demoPassphrase))
            tryCompare(Session, "unlocking", false, 10000)
            compare(Session.stage, Session.Locked, "the old passphrase no longer opens the tablet")
            verify(Session.lockMessage.indexOf("Fel lösenfras") >= 0, Session.lockMessage)
            verify(Session.unlock(test.newPassphrase))
            tryCompare(Session, "stage", Session.Unlocked, 10000)
            tryCompare(Session.records, "count", records)
        }
    }
}
