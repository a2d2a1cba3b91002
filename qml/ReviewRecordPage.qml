// A team member's record in full, read before deciding: every field, the current review, and the two
// decisions. Read-only: only the author edits a record.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Page {
    id: page
    objectName: "reviewRecordPage"
    required property string recordId
    readonly property var team: Session.team
    property var detail: team.detail(recordId)
    title: detail.title || ""
    signal requestChanges(string recordId)

    Connections {
        target: page.team
        function onReviewed() { page.detail = page.team.detail(page.recordId) }
        function onBulkApproved() { page.detail = page.team.detail(page.recordId) }
    }

    header: PageHeader {
        title: page.title
        subtitle: (page.detail.author || "") + " · " + (page.detail.summary || "")
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

            StatusBadge {
                visible: text.length > 0
                kind: page.detail.reviewState === "approved" ? "ok" : "warning"
                text: page.detail.reviewState === "approved" ? qsTr("Godkänd")
                    : page.detail.reviewState === "needs_changes" ? qsTr("Teamledaren vill ha ändring") : ""
            }
            Label {
                Layout.fillWidth: true
                visible: (page.detail.reviewComment || "").length > 0
                text: "”" + (page.detail.reviewComment || "") + "”"
                wrapMode: Text.WordWrap
                color: Theme.warning
                font.pixelSize: Theme.fontBody
            }

            Repeater {
                model: page.detail.rows || []
                delegate: ColumnLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    spacing: 0
                    Label { text: modelData.label; font.pixelSize: Theme.fontSmall; color: Theme.muted }
                    Label {
                        Layout.fillWidth: true
                        text: modelData.value
                        font.pixelSize: Theme.fontBody
                        color: Theme.text
                        wrapMode: Text.WordWrap
                    }
                }
            }

            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.gap
                spacing: Theme.gap
                ActionButton {
                    objectName: "detailApproveButton"
                    Layout.fillWidth: true
                    text: qsTr("Godkänn")
                    enabled: page.detail.reviewState !== "approved" && !page.team.loading
                    onClicked: page.team.approve(page.recordId)
                }
                ActionButton {
                    objectName: "detailRequestChangesButton"
                    Layout.fillWidth: true
                    primary: false
                    text: qsTr("Begär ändring")
                    enabled: !page.team.loading
                    onClicked: page.requestChanges(page.recordId)
                }
            }
        }
    }
}
