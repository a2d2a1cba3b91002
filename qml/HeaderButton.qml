import QtQuick
import QtQuick.Controls

ToolButton {
    id: button
    implicitHeight: Math.max(Theme.scaledTarget, implicitContentHeight + topPadding + bottomPadding)
    leftPadding: Math.round(8 * Theme.textScale)
    rightPadding: Math.round(8 * Theme.textScale)
    font.pixelSize: Theme.fontBody
    font.capitalization: Font.MixedCase
    Accessible.name: text
    contentItem: Label {
        text: button.text
        font: button.font
        color: Theme.textOnPrimary
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        implicitWidth: Theme.scaledTarget
        color: button.pressed ? Theme.primaryPressed : "transparent"
        radius: 6
    }
}
