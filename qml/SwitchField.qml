import QtQuick
import QtQuick.Controls

Switch {
    id: toggle
    property var value
    property string accessibleLabel
    signal changedTo(bool on)

    checked: value === true
    text: value === undefined ? qsTr("Inte angivet") : value ? qsTr("Ja") : qsTr("Nej")
    font.pixelSize: Theme.fontBody
    implicitHeight: Math.max(Theme.touchTarget, implicitContentHeight)
    Accessible.name: accessibleLabel
    Accessible.checked: checked
    onToggled: {
        toggle.changedTo(checked)
        // The tap broke the binding; the draft is the truth again from here on.
        checked = Qt.binding(() => toggle.value === true)
    }
}
