// Closing a case: when it ended (slutdatum: today, or a day back to the start) and why (avslutsorsak), then
// one tap to close. The record is edited and synced like any other. These two fields appear nowhere else
// while a case is open: the form that starts a case does not show them (decision 0097).
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
    // The end date as a local calendar day; saved at this time of day, or at the start when that is later.
    property date endDay: new Date()
    readonly property string startedOn: {
        const row = Session.cases.rowOf(caseCode)
        return row >= 0 ? Session.cases.get(row).started : ""
    }
    readonly property bool endIsToday: dayText(endDay) === dayText(new Date())
    readonly property bool endIsStart: startedOn.length > 0 && dayText(endDay) <= startedOn
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

    function dayText(d) {
        return Qt.formatDate(d, "yyyy-MM-dd")
    }
    function shiftEnd(days) {
        const next = new Date(endDay)
        next.setDate(next.getDate() + days)
        endDay = next
    }
    onAboutToShow: endDay = new Date()

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
            text: qsTr("Slutdatum")
            font.pixelSize: Theme.fontBody
            wrapMode: Text.WordWrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            ActionButton {
                objectName: "earlierEndButton"
                primary: false
                Layout.preferredWidth: 64
                text: "‹"
                enabled: !dialog.endIsStart
                Accessible.name: qsTr("En dag tidigare")
                onClicked: dialog.shiftEnd(-1)
            }
            Label {
                objectName: "endDateLabel"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: (dialog.endIsToday ? qsTr("Idag") + ", " : "")
                      + dialog.endDay.toLocaleDateString(Qt.locale(Session.language === "en" ? "en_GB" : "sv_SE"),
                                                         "ddd d MMM yyyy")
                font.pixelSize: Theme.fontBody
                font.bold: true
                color: Theme.text
            }
            ActionButton {
                objectName: "laterEndButton"
                primary: false
                Layout.preferredWidth: 64
                text: "›"
                enabled: !dialog.endIsToday
                Accessible.name: qsTr("En dag senare")
                onClicked: dialog.shiftEnd(1)
            }
        }
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
                    dialog.problem = Session.closeCase(dialog.caseRecordId, dialog.reason, dialog.endDay)
                    if (dialog.problem.length === 0)
                        dialog.close()
                }
            }
        }
    }
}
