// The always-visible sync state: synced ✓ time / N waiting / offline / error with what to do, and
// "Synka nu".
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

ToolBar {
    id: bar
    readonly property var status: Session.sync
    readonly property bool problem: status.state === SyncStatus.Error
    readonly property bool calm: status.state === SyncStatus.Synced

    background: Rectangle {
        color: bar.problem ? Theme.errorLight : bar.calm ? Theme.okLight : Theme.warningLight
        Rectangle { width: parent.width; height: 1; color: Theme.divider }
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.margin
        anchors.rightMargin: Theme.margin / 2
        spacing: Theme.gap

        ColumnLayout {
            Layout.fillWidth: true
            Layout.topMargin: 6
            Layout.bottomMargin: 6
            spacing: 2
            Label {
                objectName: "syncHeadline"
                Layout.fillWidth: true
                text: bar.calm ? bar.status.headline : bar.status.headline + " · " + bar.status.lastSent
                font.pixelSize: Theme.fontLabel
                font.bold: true
                color: bar.problem ? Theme.error : bar.calm ? Theme.ok : Theme.warning
                elide: Text.ElideRight
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }
            Label {
                Layout.fillWidth: true
                visible: text.length > 0
                text: bar.status.advice
                font.pixelSize: Theme.fontSmall
                color: Theme.text
                wrapMode: Text.WordWrap
            }
        }
        ActionButton {
            objectName: "syncNowButton"
            primary: false
            text: qsTr("Synka nu")
            enabled: !bar.status.busy
            implicitHeight: Math.max(Theme.scaledTarget, implicitContentHeight + topPadding + bottomPadding)
            font.pixelSize: Theme.fontBody
            onClicked: Session.syncNow()
        }
    }
}
