// A large tappable choice: filled when selected. At least 48 px high, as every touch target.
import QtQuick
import QtQuick.Controls

Button {
    id: chip
    property bool selected: false
    highlighted: selected
    flat: !selected
    checkable: false
    implicitHeight: Math.max(Theme.touchTarget + 8, implicitContentHeight + topPadding + bottomPadding)
    implicitWidth: Math.max(Theme.touchTarget + 8, implicitContentWidth + leftPadding + rightPadding)
    leftPadding: 16
    rightPadding: 16
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
        color: chip.selected ? "white" : Theme.text
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        wrapMode: Text.WordWrap
    }
}
