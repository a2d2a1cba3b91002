// One case in Mina ärenden: its code, status (with the closing reason), sessions and last session, and
// the two things a therapist does with it: log a session, close it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Pane {
    id: row
    required property string caseCode
    required property string caseRecordId
    required property string status
    required property string statusText
    required property int sessionCount
    required property string lastSession
    required property string started
    signal logSession()
    signal closeCase()

    objectName: "case_" + caseCode
    leftPadding: Theme.margin
    rightPadding: Theme.margin
    background: Rectangle {
        color: Theme.card
        border.color: Theme.divider
        radius: 8
        anchors.fill: parent
        anchors.leftMargin: Theme.margin / 2
        anchors.rightMargin: Theme.margin / 2
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6
        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: row.caseCode
                font.pixelSize: Theme.fontLabel
                font.bold: true
                color: Theme.text
                elide: Text.ElideRight
            }
            Label {
                objectName: "caseStatus"
                text: row.statusText
                font.pixelSize: Theme.fontSmall
                color: row.status === "open" ? Theme.ok : Theme.muted
                wrapMode: Text.WordWrap
            }
        }
        Label {
            Layout.fillWidth: true
            text: (row.started.length > 0 ? qsTr("Start %1").arg(row.started) + " · " : "")
                  + (row.sessionCount === 1 ? qsTr("1 träff") : qsTr("%1 träffar").arg(row.sessionCount))
                  + (row.lastSession.length > 0 ? " · " + qsTr("senast %1").arg(row.lastSession) : "")
            font.pixelSize: Theme.fontSmall
            color: Theme.muted
            wrapMode: Text.WordWrap
        }
        RowLayout {
            Layout.fillWidth: true
            visible: row.status !== "closed"
            spacing: Theme.gap
            ActionButton {
                objectName: "logSessionButton"
                Layout.fillWidth: true
                text: qsTr("Logga träff")
                Accessible.name: qsTr("Logga träff i ärende %1").arg(row.caseCode)
                onClicked: row.logSession()
            }
            ActionButton {
                objectName: "closeCaseButton"
                Layout.fillWidth: true
                visible: row.status === "open"
                primary: false
                text: qsTr("Avsluta")
                Accessible.name: qsTr("Avsluta ärende %1").arg(row.caseCode)
                onClicked: row.closeCase()
            }
        }
    }
}
