// A big page-level button: filled for the main action (primary: true), outlined otherwise.
import QtQuick
import QtQuick.Controls

Button {
    id: button
    property bool primary: true
    implicitHeight: Math.max(56, implicitContentHeight + topPadding + bottomPadding)
    // Room between the text and the outline at every text size (the outline hugged "Synka nu" at 150 %).
    leftPadding: 16
    rightPadding: 16
    font.pixelSize: Theme.fontLabel
    font.capitalization: Font.MixedCase
    font.bold: primary
    Accessible.name: text
    contentItem: Label {
        text: button.text
        font: button.font
        color: !button.enabled ? Theme.muted : button.primary ? "white" : Theme.primary
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
    }
    background: Rectangle {
        radius: 10
        color: !button.enabled ? Theme.divider
             : button.primary ? (button.pressed ? Qt.darker(Theme.primary, 1.3) : Theme.primary)
             : (button.pressed ? Theme.primaryLight : Theme.card)
        border.color: button.primary ? "transparent" : Theme.primary
        border.width: 2
    }
}
