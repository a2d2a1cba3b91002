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
    }
}
