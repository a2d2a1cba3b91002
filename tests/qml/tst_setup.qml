// First start: the passphrase strength is shown as it is typed, and "Anslut och synka" stays disabled
// until the account is filled in and both passphrases match; bad input is refused with a message.
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
        name: "Setup"
        when: windowShown

        property var app

        function init() {
            app = createTemporaryObject(appComponent, root)
            // This file's Session starts on a demo store; signing out is how a tablet gets back to first start.
            if (Session.stage !== Session.NeedsSetup)
                Session.signOut()
            compare(Session.stage, Session.NeedsSetup)
            tryVerify(() => findChild(app.contentItem, "setupPage") !== null)
            tryCompare(findChild(app.contentItem, "stack"), "busy", false)
        }

        function passwordMode() {
            mouseClick(findChild(app.contentItem, "passwordModeTab"))
            tryVerify(() => findChild(app.contentItem, "usernameField").visible)
        }

        function type(name, text) {
            const field = findChild(app.contentItem, name)
            verify(field, name)
            field.text = ""
            mouseClick(field)
            Helpers.typeText(this, field, text)
            return field
        }

        function test_strength_and_connect_button() {
            const connect = findChild(app.contentItem, "connectButton")
            const strength = findChild(app.contentItem, "strengthLabel")
            passwordMode()
            verify(!connect.enabled)
            type("usernameField", "anna")
            type("passwordField", "hemligt-konto")
            type("newPassphraseField", "kort")
            verify(strength.text.indexOf("Minst") >= 0, strength.text)
            verify(!connect.enabled, "a too short passphrase cannot be used")
            type("newPassphraseField", "Tre vanliga ord och en siffra 7")
            verify(strength.text.indexOf("stark") >= 0 || strength.text.indexOf("Stark") >= 0, strength.text)
            type("repeatPassphraseField", "Tre vanliga ord och en siffra 8")
            verify(!connect.enabled, "passphrases that differ cannot be used")
            type("repeatPassphraseField", "Tre vanliga ord och en siffra 7")
            verify(connect.enabled)
        }

        function test_plain_http_is_refused_and_nothing_is_created() {
            passwordMode()
            type("serverUrlField", "http://server.example")
            type("usernameField", "anna")
            type("passwordField", "hemligt-konto")
            type("caFileField", "/tmp/ca.pem")
            type("newPassphraseField", "Tre vanliga ord och en siffra 7")
            type("repeatPassphraseField", "Tre vanliga ord och en siffra 7")
            mouseClick(findChild(app.contentItem, "connectButton"))
            const error = findChild(app.contentItem, "setupError")
            tryVerify(() => error.visible)
            verify(error.text.indexOf("https://") >= 0, error.text)
            verify(!Session.setupBusy)
        }

        function test_code_mode_says_what_is_wrong_and_takes_a_pasted_link() {
            const connect = findChild(app.contentItem, "connectButton")
            const hint = findChild(app.contentItem, "enrolCodeHint")
            findChild(app.contentItem, "newPassphraseField").text = "Tre vanliga ord och en siffra 7"
            findChild(app.contentItem, "repeatPassphraseField").text = "Tre vanliga ord och en siffra 7"
            type("enrolCodeField", "abc")
            verify(hint.text.indexOf("10 tecken") >= 0, hint.text)
            verify(!connect.enabled)
            // A well-formed code, but this tablet has never been set up: it cannot know the server.
            type("enrolCodeField", "k7qm-3xpr-2d")
            verify(hint.text.indexOf("QR-koden") >= 0, hint.text)
            verify(!connect.enabled)
            findChild(app.contentItem, "enrolCodeField").text =
                "faltlogg://enrol?server=https%3A%2F%2F127.0.0.1%3A9&code=K7QM3XPR2D&pin=sha256%2F" + "A".repeat(43)
            verify(hint.text.indexOf("127.0.0.1") >= 0, hint.text)
            verify(connect.enabled)
            findChild(app.contentItem, "enrolCodeField").text = "faltlogg://enrol?server=http%3A%2F%2Fevil&code=K7QM3XPR2D"
            verify(hint.text.indexOf("Fältlogg-länk") >= 0, hint.text)
            verify(!connect.enabled)
        }

        // "Skanna QR-kod" shows only where a camera exists (this build machine has none); a link the
        // scanner reads goes where a typed or pasted one goes, in code mode.
        function test_scanned_link_fills_the_code_path() {
            const page = findChild(app.contentItem, "setupPage")
            const scanner = findChild(page, "qrScanner")
            verify(scanner, "the page has a scanner")
            compare(findChild(app.contentItem, "scanQrButton").visible, scanner.cameraAvailable)
            compare(findChild(app.contentItem, "scanView").active, false, "no camera runs until asked")
            passwordMode()
            findChild(app.contentItem, "newPassphraseField").text = "Tre vanliga ord och en siffra 7"
            findChild(app.contentItem, "repeatPassphraseField").text = "Tre vanliga ord och en siffra 7"
            const link = "faltlogg://enrol?server=https%3A%2F%2F127.0.0.1%3A9&code=K7QM3XPR2D&pin=sha256%2F" + "A".repeat(43)
            scanner.linkFound(link)
            verify(page.codeMode, "back in code mode")
            compare(findChild(app.contentItem, "enrolCodeField").text, link)
            verify(findChild(app.contentItem, "enrolCodeHint").text.indexOf("127.0.0.1") >= 0)
            verify(findChild(app.contentItem, "connectButton").enabled)
        }
    }
}
