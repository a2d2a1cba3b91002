// Later starts: the passphrase unlocks the store. Failed attempts are counted and the last one is
// announced before it is used, since it erases what has not been synced.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Page {
    id: page
    objectName: "unlockPage"
    background: Rectangle { color: Theme.lockBackground }
    readonly property bool hidesSyncBar: true

    property bool usePassphrase: !Session.pinUnlockAvailable
    Connections {
        target: Session
        function onLockStateChanged() { if (!Session.pinUnlockAvailable) page.usePassphrase = true }
        function onUnlockFinished(ok) {
            if (ok)
                passphrase.text = ""
            else
                passphrase.selectAll()
        }
    }

    function tryPin() {
        if (Session.unlockWithPin(pin.text))
            pin.text = ""
        else
            pin.text = ""
    }

    // The passphrase is checked on a worker thread (Argon2id takes a moment by design); the page stays
    // responsive and shows that it is working until onUnlockFinished.
    function tryUnlock() {
        if (passphrase.text.length > 0)
            Session.unlock(passphrase.text)
    }

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin, 520)
        spacing: Theme.gap * 1.5

        Label {
            Layout.fillWidth: true
            text: qsTr("Fältlogg är låst")
            font.pixelSize: Theme.fontHeading
            font.bold: true
            color: Theme.textOnPrimary
            horizontalAlignment: Text.AlignHCenter
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Label {
            objectName: "lockOwner"
            Layout.fillWidth: true
            visible: text.length > 0
            text: Session.userName.length > 0 ? qsTr("%1s surfplatta").arg(Session.userName) : ""
            font.pixelSize: Theme.fontLabel
            color: Theme.textOnPrimary
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
        Label {
            objectName: "lockUnsent"
            Layout.fillWidth: true
            text: Session.unsentWhileLocked === 0 ? qsTr("Allt är skickat till servern.")
                  : Session.unsentWhileLocked === 1 ? qsTr("1 registrering är inte skickad än.")
                  : qsTr("%1 registreringar är inte skickade än.").arg(Session.unsentWhileLocked)
            font.pixelSize: Theme.fontBody
            color: Theme.textOnPrimary
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
        Label {
            Layout.fillWidth: true
            text: page.usePassphrase ? qsTr("Skriv din lösenfras för att låsa upp.")
                                     : qsTr("Skriv din PIN-kod (6 siffror) för att låsa upp.")
            font.pixelSize: Theme.fontBody
            color: Theme.textOnPrimary
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
        TextField {
            id: pin
            objectName: "pinField"
            visible: !page.usePassphrase
            Layout.fillWidth: true
            echoMode: TextInput.Password
            inputMethodHints: Qt.ImhDigitsOnly
            validator: RegularExpressionValidator { regularExpression: /[0-9]{0,6}/ }
            placeholderText: qsTr("PIN-kod")
            font.pixelSize: Theme.fontHeading
            horizontalAlignment: Text.AlignHCenter
            implicitHeight: Math.max(Math.round(64 * Theme.textScale), implicitContentHeight + topPadding + bottomPadding)
            focus: visible
            Accessible.name: qsTr("PIN-kod")
            background: Rectangle { color: Theme.card; radius: 8 }
            onTextChanged: if (text.length === 6) page.tryPin()
        }
        ActionButton {
            objectName: "usePassphraseButton"
            visible: !page.usePassphrase
            Layout.fillWidth: true
            primary: false
            text: qsTr("Använd lösenfrasen i stället")
            onClicked: page.usePassphrase = true
        }
        TextField {
            id: passphrase
            visible: page.usePassphrase
            objectName: "passphraseField"
            Layout.fillWidth: true
            echoMode: TextInput.Password
            placeholderText: qsTr("Lösenfras")
            font.pixelSize: Theme.fontLabel
            implicitHeight: Theme.buttonHeight
            focus: visible
            readOnly: Session.unlocking
            Accessible.name: qsTr("Lösenfras")
            background: Rectangle { color: Theme.card; radius: 8 }
            leftPadding: 12
            onAccepted: page.tryUnlock()
        }
        ActionButton {
            objectName: "unlockButton"
            visible: page.usePassphrase
            Layout.fillWidth: true
            primary: false
            text: Session.unlocking ? qsTr("Låser upp …") : qsTr("Lås upp")
            enabled: passphrase.text.length > 0 && !Session.unlocking
            Accessible.name: text
            onClicked: page.tryUnlock()
        }
        BusyIndicator {
            objectName: "unlockBusy"
            Layout.alignment: Qt.AlignHCenter
            visible: Session.unlocking
            running: visible
        }
        Label {
            objectName: "lockMessage"
            Layout.fillWidth: true
            visible: text.length > 0
            text: Session.lockMessage
            font.pixelSize: Theme.fontBody
            font.bold: Session.attemptsLeft === 1
            color: Theme.textOnPrimary
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            padding: 8
            background: Rectangle { color: Session.attemptsLeft === 1 ? Theme.alertFill : "transparent"; radius: 8 }
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
    }
}
