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

            Label { text: qsTr("Textstorlek"); font.pixelSize: Theme.fontLabel; font.bold: true }
            ChoiceChips {
                Layout.fillWidth: true
                accessibleLabel: qsTr("Textstorlek")
                options: [1.0, 1.25, 1.5].map(scale => ({
                    value: scale, label: Math.round(scale * 100) + " %", selected: Theme.textScale === scale }))
                onChosen: value => Theme.textScale = Number(value)
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
                Accessible.name: qsTr("Logga ut och radera datan på surfplattan")
                onClicked: confirmSignOut.open()
            }
        }
    }

    Dialog {
        id: confirmSignOut
        objectName: "confirmSignOut"
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin, 520)
        modal: true
        title: qsTr("Logga ut?")
        standardButtons: Dialog.Cancel | Dialog.Ok
        contentItem: Label {
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontBody
            text: Session.sync.pendingCount > 0
                  ? qsTr("%n registrering(ar) är inte synkade och försvinner om du loggar ut nu. Synka först om du kan.", "", Session.sync.pendingCount)
                  : qsTr("Datan på surfplattan raderas. Allt är synkat.")
        }
        onAccepted: Session.signOut()
    }
}
