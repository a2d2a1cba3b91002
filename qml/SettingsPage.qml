// Language, lock timeout, text size, device information and signing out.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Page {
    id: page
    objectName: "settingsPage"
    title: qsTr("Inställningar")

    header: PageHeader {
        title: page.title
        onBack: page.StackView.view.pop()
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
            spacing: Theme.gap

            Label { text: qsTr("Språk"); font.pixelSize: Theme.fontLabel; font.bold: true }
            ChoiceChips {
                Layout.fillWidth: true
                accessibleLabel: qsTr("Språk")
                options: [
                    { value: "sv", label: "Svenska", selected: Session.language === "sv" },
                    { value: "en", label: "English", selected: Session.language === "en" }
                ]
                onChosen: value => Session.language = value
            }

            Label { text: qsTr("Lås automatiskt efter"); font.pixelSize: Theme.fontLabel; font.bold: true }
            ChoiceChips {
                Layout.fillWidth: true
                accessibleLabel: qsTr("Lås automatiskt efter")
                options: [1, 2, 5, 10, 15].map(minutes => ({
                    value: minutes, label: qsTr("%1 min").arg(minutes), selected: Session.lockTimeoutMinutes === minutes }))
                onChosen: value => Session.lockTimeoutMinutes = Number(value)
            }

            Label { text: qsTr("PIN-kod för att låsa upp"); font.pixelSize: Theme.fontLabel; font.bold: true }
            Label {
                Layout.fillWidth: true
                text: qsTr("Efter ett automatiskt lås räcker en PIN-kod med 6 siffror, så länge appen är igång. "
                           + "Startar appen om, eller blir det fel 5 gånger, behövs lösenfrasen.")
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.gap
                TextField {
                    id: newPin
                    objectName: "newPinField"
                    Layout.fillWidth: true
                    implicitHeight: Theme.buttonHeight
                    echoMode: TextInput.Password
                    inputMethodHints: Qt.ImhDigitsOnly
                    validator: RegularExpressionValidator { regularExpression: /[0-9]{0,6}/ }
                    placeholderText: Session.hasPin ? qsTr("Ny PIN-kod (6 siffror)") : qsTr("PIN-kod (6 siffror)")
                    font.pixelSize: Theme.fontLabel
                    Accessible.name: qsTr("PIN-kod")
                }
                ActionButton {
                    objectName: "setPinButton"
                    text: Session.hasPin ? qsTr("Byt PIN") : qsTr("Spara PIN")
                    enabled: newPin.text.length === 6
                    onClicked: if (Session.setPin(newPin.text)) newPin.text = ""
                }
                ActionButton {
                    objectName: "clearPinButton"
                    visible: Session.hasPin
                    primary: false
                    text: qsTr("Ta bort PIN")
                    onClicked: Session.clearPin()
                }
            }

            Label { text: qsTr("Lösenfras"); font.pixelSize: Theme.fontLabel; font.bold: true }
            Label {
                objectName: "passphraseChangedNote"
                Layout.fillWidth: true
                text: page.passphraseChanged
                      ? qsTr("Lösenfrasen är bytt. Använd den nya nästa gång du låser upp.")
                      : qsTr("Byt lösenfras om någon kan ha sett den. Det som är sparat på surfplattan finns kvar.")
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontSmall
                color: page.passphraseChanged ? Theme.ok : Theme.muted
            }
            ActionButton {
                objectName: "changePassphraseButton"
                primary: false
                text: qsTr("Byt lösenfras")
                onClicked: changePassphrase.open()
            }

            Label { text: qsTr("Textstorlek"); font.pixelSize: Theme.fontLabel; font.bold: true }
            ChoiceChips {
                objectName: "textSizeChoice"
                Layout.fillWidth: true
                accessibleLabel: qsTr("Textstorlek")
                options: [1.0, 1.25, 1.5].map(scale => ({
                    value: scale, label: Math.round(scale * 100) + " %", selected: Session.textScale === scale }))
                onChosen: value => Session.textScale = Number(value)
            }

            // Dark colours for evening and night work; "Följ systemet" follows the tablet's own setting.
            Label { text: qsTr("Utseende"); font.pixelSize: Theme.fontLabel; font.bold: true }
            ChoiceChips {
                objectName: "appearanceChoice"
                Layout.fillWidth: true
                accessibleLabel: qsTr("Utseende")
                options: [
                    { value: "system", label: qsTr("Följ systemet"), selected: Session.appearance === "system" },
                    { value: "light", label: qsTr("Ljust"), selected: Session.appearance === "light" },
                    { value: "dark", label: qsTr("Mörkt"), selected: Session.appearance === "dark" }
                ]
                onChosen: value => Session.appearance = value
            }

            Label { text: qsTr("Enhet"); font.pixelSize: Theme.fontLabel; font.bold: true; Layout.topMargin: Theme.gap }
            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: Theme.gap
                Label { text: qsTr("Användare"); color: Theme.muted }
                Label { text: Session.userName || "–"; Layout.fillWidth: true; wrapMode: Text.WrapAnywhere }
                Label { text: qsTr("Enhetens namn"); color: Theme.muted }
                Label { text: Session.deviceInfo.device; Layout.fillWidth: true; wrapMode: Text.WrapAnywhere }
                Label { text: qsTr("System"); color: Theme.muted }
                Label { text: Session.deviceInfo.system; Layout.fillWidth: true; wrapMode: Text.WordWrap }
                Label { text: qsTr("Enhets-id"); color: Theme.muted }
                Label { text: Session.deviceInfo.nodeId || "–"; Layout.fillWidth: true; wrapMode: Text.WrapAnywhere }
                Label { text: qsTr("Version"); color: Theme.muted }
                Label { text: Session.deviceInfo.version; Layout.fillWidth: true }
            }

            ActionButton {
                objectName: "signOutButton"
                Layout.fillWidth: true
                Layout.topMargin: Theme.gap * 2
                primary: false
                text: qsTr("Logga ut")
                Accessible.name: qsTr("Logga ut och radera uppgifterna på surfplattan")
                onClicked: confirmSignOut.open()
            }
        }
    }

    property bool passphraseChanged: false
    readonly property alias passphraseDialog: changePassphrase  // for the tests: a popup is not a child item
    Connections {
        target: Session
        function onPassphraseChanged() { page.passphraseChanged = true }
    }
    ChangePassphraseDialog {
        id: changePassphrase
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin, 560)
    }

    Dialog {
        id: confirmSignOut
        objectName: "confirmSignOut"
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin, 560)
        modal: true
        title: qsTr("Logga ut?")
        readonly property int unsent: Session.sync.pendingCount + Session.sync.needsCorrectionCount
        closePolicy: Session.signingOut ? Popup.NoAutoClose : Popup.CloseOnEscape | Popup.CloseOnPressOutside
        contentItem: ColumnLayout {
            spacing: Theme.gap
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontBody
                text: confirmSignOut.unsent === 0
                      ? qsTr("Uppgifterna på surfplattan raderas. Allt är skickat till servern.")
                      : confirmSignOut.unsent === 1
                        ? qsTr("1 registrering är inte skickad och försvinner om du loggar ut utan att synka.")
                        : qsTr("%1 registreringar är inte skickade och försvinner om du loggar ut utan att synka.").arg(confirmSignOut.unsent)
            }
            Label {
                objectName: "signOutProblem"
                Layout.fillWidth: true
                visible: text.length > 0
                wrapMode: Text.WordWrap
                color: Theme.error
                text: Session.signOutProblem
            }
            BusyIndicator { visible: Session.signingOut; running: visible; Layout.alignment: Qt.AlignHCenter }
        }
        footer: DialogButtonBox {
            alignment: Qt.AlignRight
            Button {
                objectName: "signOutCancel"
                text: qsTr("Avbryt")
                flat: true
                enabled: !Session.signingOut
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
            Button {
                objectName: "signOutAnyway"
                visible: confirmSignOut.unsent > 0
                text: qsTr("Logga ut ändå")
                flat: true
                enabled: !Session.signingOut
                onClicked: { confirmSignOut.close(); Session.signOut() }
            }
            Button {
                objectName: "syncAndSignOut"
                text: confirmSignOut.unsent > 0 ? qsTr("Synka och logga ut") : qsTr("Logga ut")
                highlighted: true
                enabled: !Session.signingOut
                onClicked: confirmSignOut.unsent > 0 ? Session.syncAndSignOut() : Session.signOut()
            }
        }
    }
}
