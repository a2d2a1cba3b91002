// Closing a case: why it ended (the case record's avslutsorsak), then one tap to close. The end date is
// today; the record is edited and synced like any other.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Dialog {
    id: dialog
    objectName: "closeCaseDialog"
    property string caseCode
    property string caseRecordId
    property string reason
    property string problem
    modal: true
    title: qsTr("Avsluta ärende %1").arg(caseCode)
    padding: Theme.margin
    // Closes at once: a page leaving the stack takes its dialog with it, without a fading ghost.
    exit: Transition {}
    background: Rectangle { color: Theme.card; radius: 10; border.color: Theme.divider }
    header: Label {
        text: dialog.title
        padding: Theme.margin
        bottomPadding: 0
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.text
        wrapMode: Text.WordWrap
    }

    readonly property var reasons: [
        { value: "planerat", label: qsTr("Planerat avslut") },
        { value: "avbrutet_familjen", label: qsTr("Avbrutet av familjen") },
        { value: "flytt", label: qsTr("Familjen har flyttat") },
        { value: "annan_insats", label: qsTr("Annan insats tog vid") },
        { value: "annat", label: qsTr("Annat") }
    ]

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Label {
            Layout.fillWidth: true
            text: qsTr("Varför avslutas ärendet?")
            font.pixelSize: Theme.fontBody
            wrapMode: Text.WordWrap
        }
        Flow {
            Layout.fillWidth: true
            spacing: 8
            Repeater {
                model: dialog.reasons
                delegate: Chip {
                    required property var modelData
                    objectName: "reason_" + modelData.value
                    text: modelData.label
                    selected: dialog.reason === modelData.value
                    onClicked: dialog.reason = modelData.value
                }
            }
        }
        Label {
            objectName: "closeProblem"
            Layout.fillWidth: true
            visible: dialog.problem.length > 0
            text: dialog.problem
            color: Theme.error
            wrapMode: Text.WordWrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            ActionButton {
                objectName: "cancelCloseButton"
                Layout.fillWidth: true
                primary: false
                text: qsTr("Avbryt")
                onClicked: dialog.close()
            }
            ActionButton {
                objectName: "confirmCloseButton"
                Layout.fillWidth: true
                enabled: dialog.reason.length > 0
                text: qsTr("Avsluta ärendet")
                onClicked: {
                    dialog.problem = Session.closeCase(dialog.caseRecordId, dialog.reason)
                    if (dialog.problem.length === 0)
                        dialog.close()
                }
            }
        }
    }
}
