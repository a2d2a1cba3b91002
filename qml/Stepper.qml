// − value + with round buttons of at least 48 px that grow with the text size; reports steps, never
// changes the value itself.
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

    component StepButton: AbstractButton {
        id: stepButton
        implicitWidth: Theme.scaledTarget
        implicitHeight: Theme.scaledTarget
        font.pixelSize: Theme.fontTitle
        contentItem: Label {
            text: stepButton.text
            font: stepButton.font
            color: stepButton.enabled ? Theme.accent : Theme.muted
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
        background: Rectangle {
            radius: width / 2
            color: stepButton.pressed ? Theme.primaryLight : Theme.card
            border.color: stepButton.enabled ? Theme.accent : Theme.divider
            border.width: 1.5
        }
    }

    StepButton {
        objectName: "decrease"
        text: "−"
        enabled: stepper.canDecrease
        Accessible.role: Accessible.Button
        Accessible.name: qsTr("Minska %1").arg(stepper.accessibleLabel)
        onClicked: stepper.stepped(-1)
    }
    Label {
        text: stepper.valueText
        font.pixelSize: Theme.fontLabel
        font.bold: true
        horizontalAlignment: Text.AlignHCenter
        Layout.minimumWidth: 36 * Theme.textScale
        Accessible.name: stepper.accessibleLabel + ": " + text
    }
    StepButton {
        objectName: "increase"
        text: "+"
        enabled: stepper.canIncrease
        Accessible.role: Accessible.Button
        Accessible.name: qsTr("Öka %1").arg(stepper.accessibleLabel)
        onClicked: stepper.stepped(1)
    }
}
