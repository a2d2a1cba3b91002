// First start: which server and who you are, then the passphrase that protects the data on this
// tablet (with its strength shown), then the first sync.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Page {
    id: page
    objectName: "setupPage"
    title: qsTr("Kom igång")

    readonly property int strength: Session.passphraseStrength(passphrase.text)
    readonly property bool passphrasesMatch: passphrase.text === repeat.text

    readonly property bool hidesSyncBar: true

    header: PageHeader {
        title: page.title
        showBack: false
    }

    Flickable {
        anchors.fill: parent
        contentHeight: body.implicitHeight + 2 * Theme.margin
        clip: true
        ScrollIndicator.vertical: ScrollIndicator {}

        ColumnLayout {
            id: body
            x: Theme.margin
            y: Theme.margin
            width: parent.width - 2 * Theme.margin
            spacing: 8

            Label {
                Layout.fillWidth: true
                visible: text.length > 0
                text: Session.lockMessage
                color: Theme.error
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontBody
            }

            SectionTitle { text: qsTr("1. Server och konto"); leftPadding: 0 }
            Label { text: qsTr("Serverns adress"); font.pixelSize: Theme.fontBody }
            TextField {
                id: serverUrl
                objectName: "serverUrlField"
                Layout.fillWidth: true
                implicitHeight: 56
                text: "https://"
                inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                font.pixelSize: Theme.fontLabel
                Accessible.name: qsTr("Serverns adress")
            }
            Label { text: qsTr("Användarnamn"); font.pixelSize: Theme.fontBody }
            TextField {
                id: username
                objectName: "usernameField"
                Layout.fillWidth: true
                implicitHeight: 56
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                font.pixelSize: Theme.fontLabel
                Accessible.name: qsTr("Användarnamn")
            }
            Label { text: qsTr("Lösenord"); font.pixelSize: Theme.fontBody }
            TextField {
                id: password
                objectName: "passwordField"
                Layout.fillWidth: true
                implicitHeight: 56
                echoMode: TextInput.Password
                font.pixelSize: Theme.fontLabel
                Accessible.name: qsTr("Lösenord")
            }
            Label {
                text: qsTr("Serverns CA-certifikat (fil)")
                font.pixelSize: Theme.fontBody
            }
            TextField {
                id: caFile
                objectName: "caFileField"
                Layout.fillWidth: true
                implicitHeight: 56
                placeholderText: Session.hasBundledCa ? qsTr("Tomt = det inbyggda certifikatet") : "/…/ca.pem"
                font.pixelSize: Theme.fontBody
                Accessible.name: qsTr("Sökväg till serverns CA-certifikat")
            }

            SectionTitle { text: qsTr("2. Lösenfras för surfplattan"); leftPadding: 0 }
            Label {
                Layout.fillWidth: true
                text: qsTr("Lösenfrasen skyddar datan på surfplattan. Den kan inte återställas: glömmer du den "
                           + "loggar du in på nytt och det som inte är synkat går förlorat.")
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
            }
            TextField {
                id: passphrase
                objectName: "newPassphraseField"
                Layout.fillWidth: true
                implicitHeight: 56
                echoMode: TextInput.Password
                placeholderText: qsTr("Lösenfras")
                font.pixelSize: Theme.fontLabel
                Accessible.name: qsTr("Ny lösenfras")
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 4
                Repeater {
                    model: 4
                    delegate: Rectangle {
                        required property int index
                        Layout.fillWidth: true
                        height: 8
                        radius: 4
                        color: index < page.strength ? (page.strength >= 2 ? Theme.ok : Theme.warning) : Theme.divider
                    }
                }
            }
            Label {
                objectName: "strengthLabel"
                Layout.fillWidth: true
                text: Session.passphraseAdvice(passphrase.text)
                font.pixelSize: Theme.fontSmall
                color: page.strength >= 2 ? Theme.ok : Theme.warning
                wrapMode: Text.WordWrap
                Accessible.name: qsTr("Lösenfrasens styrka: %1").arg(text)
            }
            TextField {
                id: repeat
                objectName: "repeatPassphraseField"
                Layout.fillWidth: true
                implicitHeight: 56
                echoMode: TextInput.Password
                placeholderText: qsTr("Samma lösenfras igen")
                font.pixelSize: Theme.fontLabel
                Accessible.name: qsTr("Upprepa lösenfrasen")
            }
            Label {
                visible: repeat.text.length > 0 && !page.passphrasesMatch
                text: qsTr("Lösenfraserna är inte lika.")
                color: Theme.error
                font.pixelSize: Theme.fontBody
            }

            Label {
                objectName: "setupError"
                Layout.fillWidth: true
                visible: text.length > 0
                text: Session.setupError
                color: Theme.error
                font.pixelSize: Theme.fontBody
                wrapMode: Text.WordWrap
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
            BusyIndicator {
                Layout.alignment: Qt.AlignHCenter
                visible: Session.setupBusy
                running: visible
            }
            ActionButton {
                objectName: "connectButton"
                Layout.fillWidth: true
                Layout.topMargin: Theme.gap
                implicitHeight: 64
                text: qsTr("Anslut och synka")
                enabled: !Session.setupBusy && username.text.length > 0 && password.text.length > 0
                         && page.strength >= 1 && page.passphrasesMatch
                Accessible.name: text
                onClicked: Session.setUp(serverUrl.text, username.text, password.text, caFile.text, passphrase.text)
            }
        }
    }
}
