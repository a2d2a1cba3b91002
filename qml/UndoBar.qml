// "Registreringen togs bort – Ångra", shown while a deletion can still be taken back.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Pane {
    id: bar
    visible: Session.pendingDeleteId.length > 0
    padding: Theme.gap
    background: Rectangle { color: Theme.inverseSurface; radius: 8 }

    RowLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Label {
            Layout.fillWidth: true
            text: qsTr("Registreringen togs bort.")
            color: Theme.textOnInverse
            font.pixelSize: Theme.fontBody
            wrapMode: Text.WordWrap
        }
        ActionButton {
            objectName: "undoDeleteButton"
            primary: false
            text: qsTr("Ångra")
            implicitHeight: Theme.scaledTarget
            Accessible.name: qsTr("Ångra borttagningen")
            onClicked: Session.undoDelete()
        }
    }
}
