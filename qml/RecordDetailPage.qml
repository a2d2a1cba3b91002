// One record: every value, the server's review state and comment, the rejection reason when the
// server refused it, and edit / delete (with undo on the home screen).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Page {
    id: page
    objectName: "recordDetailPage"
    required property string recordId
    property var detail: Session.recordDetail(recordId)
    title: detail.title || ""

    Connections {
        target: Session
        function onRecordSaved() { page.detail = Session.recordDetail(page.recordId) }
        function onLanguageChanged() { page.detail = Session.recordDetail(page.recordId) }
        function onReferencesChanged() { page.detail = Session.recordDetail(page.recordId) }
    }

    header: PageHeader {
        title: page.title
        subtitle: page.detail.summary || ""
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

            Pane {
                objectName: "rejectionBox"
                Layout.fillWidth: true
                visible: !!page.detail.rejection
                background: Rectangle { color: Theme.errorLight; radius: 8 }
                ColumnLayout {
                    width: parent.width
                    Label {
                        text: qsTr("Servern tog inte emot registreringen")
                        font.bold: true
                        font.pixelSize: Theme.fontLabel
                        color: Theme.error
                    }
                    Label {
                        Layout.fillWidth: true
                        text: (page.detail.rejection || "") + "\n" + qsTr("Ändra och spara så skickas den igen.")
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontBody
                    }
                }
            }

            Pane {
                objectName: "reviewBox"
                Layout.fillWidth: true
                visible: !!page.detail.reviewState
                background: Rectangle {
                    color: page.detail.reviewState === "approved" ? Theme.okLight : Theme.warningLight
                    radius: 8
                }
                ColumnLayout {
                    width: parent.width
                    Label {
                        text: page.detail.reviewState === "approved" ? qsTr("Godkänd av teamledaren")
                                                                      : qsTr("Teamledaren ber om ändringar")
                        font.bold: true
                        font.pixelSize: Theme.fontLabel
                        color: page.detail.reviewState === "approved" ? Theme.ok : Theme.warning
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: !!page.detail.reviewComment
                        text: "”" + (page.detail.reviewComment || "") + "”"
                        wrapMode: Text.WordWrap
                        font.pixelSize: Theme.fontBody
                    }
                }
            }

            StatusBadge {
                visible: page.detail.waiting === true
                kind: "warning"
                text: page.detail.waiting ? qsTr("Ej skickad – skickas av sig själv") : ""
            }

            Repeater {
                model: page.detail.rows || []
                delegate: ColumnLayout {
                    required property var modelData
                    Layout.fillWidth: true
                    spacing: 0
                    Label {
                        text: modelData.label
                        font.pixelSize: Theme.fontSmall
                        color: Theme.muted
                    }
                    Label {
                        Layout.fillWidth: true
                        objectName: modelData.stale ? "staleValue" : ""
                        text: modelData.value
                        font.pixelSize: Theme.fontBody
                        font.bold: modelData.stale === true
                        color: modelData.stale ? Theme.error : Theme.text
                        wrapMode: Text.WordWrap
                    }
                }
            }

            Label {
                objectName: "readOnlyNote"
                Layout.fillWidth: true
                visible: page.detail.editable === false
                text: qsTr("En kollegas registrering. Du kan läsa och granska den, men bara den som skrev den kan ändra den.")
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontBody
                color: Theme.muted
            }

            RowLayout {
                Layout.fillWidth: true
                Layout.topMargin: Theme.gap
                spacing: Theme.gap
                visible: page.detail.editable !== false
                ActionButton {
                    objectName: "editButton"
                    Layout.fillWidth: true
                    text: qsTr("Ändra")
                    Accessible.name: qsTr("Ändra registreringen")
                    onClicked: {
                        const draft = Session.editDraft(page.recordId)
                        if (draft)
                            page.StackView.view.replace(page, Qt.resolvedUrl("RecordFormPage.qml"), { draft: draft })
                    }
                }
                ActionButton {
                    objectName: "deleteButton"
                    Layout.fillWidth: true
                    primary: false
                    text: qsTr("Ta bort")
                    Accessible.name: qsTr("Ta bort registreringen")
                    onClicked: {
                        Session.deleteRecord(page.recordId)
                        page.StackView.view.pop()
                    }
                }
            }
        }
    }
}
