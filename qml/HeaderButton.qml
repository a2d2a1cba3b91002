import QtQuick
import QtQuick.Controls

ToolButton {
    id: button
    implicitHeight: Math.max(Theme.touchTarget, implicitContentHeight + topPadding + bottomPadding)
    font.pixelSize: Theme.fontBody
    font.capitalization: Font.MixedCase
    Accessible.name: text
    contentItem: Label {
        text: button.text
        font: button.font
        color: "white"
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        implicitWidth: Theme.touchTarget
        color: button.pressed ? Qt.darker(Theme.primary, 1.3) : "transparent"
        radius: 6
    }
}
