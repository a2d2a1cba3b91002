// Later starts: the passphrase unlocks the store. Failed attempts are counted and the last one is
// announced before it is used, since it erases what has not been synced.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Page {
    id: page
    objectName: "unlockPage"
    background: Rectangle { color: Theme.primary }
    readonly property bool hidesSyncBar: true

    function tryUnlock() {
        if (Session.unlock(passphrase.text))
            passphrase.text = ""
        else
            passphrase.selectAll()
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
            color: "white"
            horizontalAlignment: Text.AlignHCenter
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Skriv din lösenfras för att låsa upp.")
            font.pixelSize: Theme.fontBody
            color: "white"
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
        }
        TextField {
            id: passphrase
            objectName: "passphraseField"
            Layout.fillWidth: true
            echoMode: TextInput.Password
            placeholderText: qsTr("Lösenfras")
            font.pixelSize: Theme.fontLabel
            implicitHeight: 56
            focus: true
            Accessible.name: qsTr("Lösenfras")
            background: Rectangle { color: "white"; radius: 8 }
            leftPadding: 12
            onAccepted: page.tryUnlock()
        }
        ActionButton {
            objectName: "unlockButton"
            Layout.fillWidth: true
            primary: false
            text: qsTr("Lås upp")
            enabled: passphrase.text.length > 0
            Accessible.name: text
            onClicked: page.tryUnlock()
        }
        Label {
            objectName: "lockMessage"
            Layout.fillWidth: true
            visible: text.length > 0
            text: Session.lockMessage
            font.pixelSize: Theme.fontBody
            font.bold: Session.attemptsLeft === 1
            color: "white"
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            padding: 8
            background: Rectangle { color: Session.attemptsLeft === 1 ? Theme.error : "transparent"; radius: 8 }
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
    }
}
