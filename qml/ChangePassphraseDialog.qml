// "Byt lösenfras": the current passphrase, the new one twice (with its strength), then one tap. The change
// runs off the UI thread (Session.changePassphrase, decision 0092); records stay as they are, only the key
// that opens them is wrapped anew. A wrong current passphrase counts like a wrong unlock.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Dialog {
    id: dialog
    objectName: "changePassphraseDialog"
    modal: true
    title: qsTr("Byt lösenfras")
    padding: Theme.margin
    closePolicy: Session.changingPassphrase ? Popup.NoAutoClose : Popup.CloseOnEscape
    background: Rectangle { color: Theme.card; radius: 10; border.color: Theme.divider }
    header: Label {
        text: dialog.title
        padding: Theme.margin
        bottomPadding: 0
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.text
    }

    // Shown only once the new passphrase was typed, so an empty dialog does not start with an error.
    readonly property string problem: replacement.text.length === 0 ? ""
        : Session.checkNewPassphrase(current.text, replacement.text, repeated.text)

    // The Session's message belongs to the last try in this dialog, not to one from before it was opened.
    property bool tried: false
    onOpened: { tried = false; current.text = ""; replacement.text = ""; repeated.text = ""; current.forceActiveFocus() }

    component PassphraseField: TextField {
        Layout.fillWidth: true
        implicitHeight: Theme.buttonHeight
        echoMode: TextInput.Password
        font.pixelSize: Theme.fontLabel
        readOnly: Session.changingPassphrase
        Accessible.name: placeholderText
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        PassphraseField { id: current; objectName: "currentPassphraseField"; placeholderText: qsTr("Nuvarande lösenfras") }
        PassphraseField { id: replacement; objectName: "replacementPassphraseField"; placeholderText: qsTr("Ny lösenfras") }
        PassphraseField { id: repeated; objectName: "repeatedPassphraseField"; placeholderText: qsTr("Samma nya lösenfras igen") }
        Label {
            objectName: "passphraseChangeProblem"
            Layout.fillWidth: true
            visible: text.length > 0
            text: Session.changingPassphrase ? ""
                  : (dialog.tried && Session.passphraseChangeMessage) || dialog.problem
            color: Theme.error
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontBody
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
        RowLayout {
            visible: Session.changingPassphrase
            spacing: Theme.gap
            BusyIndicator { running: Session.changingPassphrase }
            Label { text: qsTr("Byter lösenfras …"); font.pixelSize: Theme.fontBody; color: Theme.text }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            ActionButton {
                objectName: "cancelPassphraseChange"
                primary: false
                text: qsTr("Avbryt")
                enabled: !Session.changingPassphrase
                onClicked: dialog.close()
            }
            ActionButton {
                objectName: "confirmPassphraseChange"
                Layout.fillWidth: true
                text: qsTr("Byt lösenfras")
                enabled: !Session.changingPassphrase && current.text.length > 0 && replacement.text.length > 0
                         && dialog.problem === ""
                onClicked: { dialog.tried = true; Session.changePassphrase(current.text, replacement.text, repeated.text) }
            }
        }
    }

    Connections {
        target: Session
        function onPassphraseChanged() { dialog.close() }
    }
}
