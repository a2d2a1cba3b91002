// A big page-level button: filled for the main action (primary: true), outlined otherwise.
import QtQuick
import QtQuick.Controls

Button {
    id: button
    property bool primary: true
    implicitHeight: Math.max(Theme.buttonHeight, implicitContentHeight + topPadding + bottomPadding)
    // Room between the text and the outline at every text size (the outline hugged "Synka nu" at 150 %).
    leftPadding: Theme.controlPadding
    rightPadding: Theme.controlPadding
    topPadding: Theme.controlVerticalPadding
    bottomPadding: Theme.controlVerticalPadding
    font.pixelSize: Theme.fontLabel
    font.capitalization: Font.MixedCase
    font.bold: primary
    Accessible.name: text
    contentItem: Label {
        text: button.text
        font: button.font
        color: !button.enabled ? Theme.muted : button.primary ? Theme.textOnPrimary : Theme.accent
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
    }
    background: Rectangle {
        radius: 10
        color: !button.enabled ? Theme.divider
             : button.primary ? (button.pressed ? Theme.primaryPressed : Theme.primary)
             : (button.pressed ? Theme.primaryLight : Theme.card)
        border.color: button.primary ? "transparent" : Theme.accent
        border.width: 2
    }
}
