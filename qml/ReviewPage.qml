// Team lead mode: the team's synced records by member and week, filtered by review state, each
// approved or sent back with a comment.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Page {
    id: page
    objectName: "reviewPage"
    title: qsTr("Granska teamets registreringar")
    readonly property var team: Session.team

    Component.onCompleted: team.reload()

    function askForChanges(recordId) {
        commentDialog.recordId = recordId
        comment.text = ""
        commentDialog.open()
    }

    header: PageHeader {
        title: page.title
        onBack: page.StackView.view.pop()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ChoiceChips {
            objectName: "reviewFilter"
            Layout.fillWidth: true
            Layout.margins: Theme.margin
            accessibleLabel: qsTr("Visa")
            options: [
                { value: "", label: qsTr("Alla"), selected: page.team.stateFilter === "" },
                { value: "unreviewed", label: qsTr("Ej granskade"), selected: page.team.stateFilter === "unreviewed" },
                { value: "approved", label: qsTr("Godkända"), selected: page.team.stateFilter === "approved" },
                { value: "needs_changes", label: qsTr("Behöver ändras"), selected: page.team.stateFilter === "needs_changes" }
            ]
            onChosen: value => page.team.stateFilter = value
        }

        Label {
            objectName: "reviewError"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.margin
            Layout.rightMargin: Theme.margin
            visible: text.length > 0
            text: page.team.error
            color: Theme.error
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontBody
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }

        ListView {
            id: list
            objectName: "reviewList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: page.team
            section.property: "section"
            section.delegate: RowLayout {
                id: sectionRow
                required property string section
                readonly property int open: page.team.revision >= 0 ? page.team.unapprovedIn(section) : 0
                width: ListView.view.width
                SectionTitle { text: sectionRow.section; Layout.fillWidth: true; wrapMode: Text.WordWrap }
                ActionButton {
                    objectName: "approveSectionButton"
                    Layout.rightMargin: Theme.margin
                    visible: sectionRow.open > 0
                    primary: false
                    text: sectionRow.open === 1 ? qsTr("Godkänn 1") : qsTr("Godkänn alla %1").arg(sectionRow.open)
                    Accessible.name: qsTr("Godkänn veckans registreringar: %1").arg(sectionRow.section)
                    enabled: !page.team.loading
                    onClicked: page.team.approveSection(sectionRow.section)
                }
            }
            delegate: Pane {
                id: item
                required property string recordId
                required property string formTitle
                required property string summary
                required property string occurredAt
                required property string reviewState
                required property string reviewComment
                objectName: "review_" + recordId
                width: ListView.view.width
                TapHandler {
                    onTapped: {
                        const opened = page.StackView.view.push(Qt.resolvedUrl("ReviewRecordPage.qml"),
                                                                { recordId: item.recordId })
                        opened.requestChanges.connect(id => {
                            page.StackView.view.pop()
                            page.askForChanges(id)
                        })
                    }
                }
                background: Rectangle {
                    color: Theme.card
                    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.divider }
                }
                ColumnLayout {
                    width: parent.width
                    spacing: 6
                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            text: item.occurredAt + " · " + item.formTitle
                            font.pixelSize: Theme.fontSmall
                            color: Theme.muted
                            Layout.fillWidth: true
                        }
                        StatusBadge {
                            objectName: "reviewState"
                            kind: item.reviewState === "approved" ? "ok" : "warning"
                            text: item.reviewState === "approved" ? qsTr("Godkänd")
                                : item.reviewState === "needs_changes" ? qsTr("Behöver ändras") : ""
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        text: item.summary
                        font.pixelSize: Theme.fontBody
                        wrapMode: Text.WordWrap
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: item.reviewComment.length > 0
                        text: "”" + item.reviewComment + "”"
                        font.pixelSize: Theme.fontSmall
                        color: Theme.warning
                        wrapMode: Text.WordWrap
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.gap
                        ActionButton {
                            objectName: "approveButton"
                            Layout.fillWidth: true
                            text: qsTr("Godkänn")
                            enabled: item.reviewState !== "approved" && !page.team.loading
                            Accessible.name: qsTr("Godkänn: %1").arg(item.summary)
                            onClicked: page.team.approve(item.recordId)
                        }
                        ActionButton {
                            objectName: "requestChangesButton"
                            Layout.fillWidth: true
                            primary: false
                            text: qsTr("Begär ändring")
                            enabled: !page.team.loading
                            Accessible.name: qsTr("Begär ändring: %1").arg(item.summary)
                            onClicked: page.askForChanges(item.recordId)
                        }
                    }
                }
            }
            Label {
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.margin
                visible: list.count === 0 && !page.team.loading
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                text: qsTr("Inga registreringar att visa.")
                font.pixelSize: Theme.fontBody
                color: Theme.muted
            }
            ScrollIndicator.vertical: ScrollIndicator {}
        }
    }

    Dialog {
        id: commentDialog
        objectName: "commentDialog"
        property string recordId
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.margin, 560)
        modal: true
        title: qsTr("Vad ska ändras?")
        footer: DialogButtonBox {
            Button { text: qsTr("Avbryt"); flat: true; DialogButtonBox.buttonRole: DialogButtonBox.RejectRole }
            Button {
                objectName: "commentSend"
                text: qsTr("Skicka till författaren")
                highlighted: true
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
        }
        contentItem: TextArea {
            id: comment
            objectName: "commentField"
            wrapMode: TextEdit.Wrap
            font.pixelSize: Theme.fontBody
            placeholderText: qsTr("Kommentar till den som skrev registreringen")
            Accessible.name: qsTr("Kommentar")
        }
        onAccepted: page.team.requestChanges(recordId, comment.text)
    }
}
