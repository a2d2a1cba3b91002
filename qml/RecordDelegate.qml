// One record in the home list: time, form, summary, and its sync and review state.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ItemDelegate {
    id: row
    required property string recordId
    required property string formTitle
    required property string summary
    required property string occurredAt
    required property string occurredDay
    required property string syncState
    required property string rejection
    required property string reviewState
    required property string reviewComment

    width: ListView.view ? ListView.view.width : implicitWidth
    implicitHeight: Math.max(72, content.implicitHeight + 20)
    Accessible.name: formTitle + ", " + (occurredDay ? occurredDay + " " : "") + occurredAt + ", " + summary + (stateBadge.text ? ", " + stateBadge.text : "")
        + (reviewBadge.text ? ", " + reviewBadge.text : "")

    background: Rectangle {
        color: row.pressed ? Theme.primaryLight : Theme.card
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.divider }
    }

    contentItem: RowLayout {
        id: content
        spacing: Theme.gap
        ColumnLayout {
            Layout.alignment: Qt.AlignTop
            Layout.preferredWidth: 96 * Theme.textScale
            spacing: 0
            Label {
                text: row.occurredAt
                font.pixelSize: Theme.fontLabel
                font.bold: true
                color: Theme.text
            }
            Label {
                visible: text.length > 0
                text: row.occurredDay
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
            }
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Label {
                text: row.formTitle
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
            }
            Label {
                Layout.fillWidth: true
                text: row.summary
                font.pixelSize: Theme.fontBody
                color: Theme.text
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                visible: row.syncState === "needs_correction" && row.rejection.length > 0
                text: row.rejection
                color: Theme.error
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WordWrap
            }
        }
        ColumnLayout {
            Layout.alignment: Qt.AlignTop | Qt.AlignRight
            spacing: 4
            StatusBadge {
                id: stateBadge
                Layout.alignment: Qt.AlignRight
                kind: row.syncState === "needs_correction" || row.syncState === "unreadable" ? "error"
                    : row.syncState === "waiting" ? "warning" : "ok"
                text: row.syncState === "needs_correction" ? qsTr("Avvisad – rätta")
                    : row.syncState === "unreadable" ? qsTr("Kan inte läsas")
                    : row.syncState === "waiting" ? qsTr("Ej skickad") : qsTr("Skickad ✓")
            }
            StatusBadge {
                id: reviewBadge
                Layout.alignment: Qt.AlignRight
                kind: row.reviewState === "approved" ? "ok" : "warning"
                text: row.reviewState === "approved" ? qsTr("Godkänd")
                    : row.reviewState === "needs_changes" ? qsTr("Teamledaren vill ha ändring") : ""
            }
        }
    }
}
