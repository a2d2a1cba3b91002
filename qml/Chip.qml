// A large tappable choice: filled when selected. At least 48 px high, as every touch target; its height
// and padding grow with the text size so a 150 % label is never clipped.
import QtQuick
import QtQuick.Controls

Button {
    id: chip
    property bool selected: false
    highlighted: selected
    flat: !selected
    checkable: false
    implicitHeight: Math.max(Theme.chipHeight, implicitContentHeight + topPadding + bottomPadding)
    implicitWidth: Math.max(Theme.chipHeight, implicitContentWidth + leftPadding + rightPadding)
    leftPadding: Theme.controlPadding
    rightPadding: Theme.controlPadding
    topPadding: Theme.controlVerticalPadding
    bottomPadding: Theme.controlVerticalPadding
    font.pixelSize: Theme.fontBody
    font.capitalization: Font.MixedCase
    Accessible.role: Accessible.CheckBox
    Accessible.checkable: true
    Accessible.checked: selected
    Accessible.name: text
    background: Rectangle {
        radius: 10
        color: chip.selected ? Theme.primary : chip.pressed ? Theme.primaryLight : Theme.card
        border.color: chip.selected ? Theme.primary : Theme.divider
        border.width: 1.5
    }
    contentItem: Label {
        text: (chip.selected ? "✓ " : "") + chip.text
        font: chip.font
        color: chip.selected ? Theme.textOnPrimary : Theme.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
    }
}
