// − value + with 48 px buttons; reports steps, never changes the value itself.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

RowLayout {
    id: stepper
    property string valueText: "0"
    property string accessibleLabel
    property bool canDecrease: true
    property bool canIncrease: true
    signal stepped(int delta)
    spacing: 2

    RoundButton {
        objectName: "decrease"
        text: "−"
        font.pixelSize: Theme.fontTitle
        implicitWidth: Theme.touchTarget
        implicitHeight: Theme.touchTarget
        enabled: stepper.canDecrease
        Accessible.name: qsTr("Minska %1").arg(stepper.accessibleLabel)
        onClicked: stepper.stepped(-1)
    }
    Label {
        text: stepper.valueText
        font.pixelSize: Theme.fontLabel
        font.bold: true
        horizontalAlignment: Text.AlignHCenter
        Layout.minimumWidth: 32 * Theme.textScale
        Accessible.name: stepper.accessibleLabel + ": " + text
    }
    RoundButton {
        objectName: "increase"
        text: "+"
        font.pixelSize: Theme.fontTitle
        implicitWidth: Theme.touchTarget
        implicitHeight: Theme.touchTarget
        enabled: stepper.canIncrease
        Accessible.name: qsTr("Öka %1").arg(stepper.accessibleLabel)
        onClicked: stepper.stepped(1)
    }
}
