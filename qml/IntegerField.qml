// A number: quick presets from the pack (e.g. 15, 30, 45 minutes) and a stepper for anything else.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: number
    property var value
    property var presets: []
    property var minimum
    property var maximum
    property string accessibleLabel
    signal picked(int number)
    signal stepped(int delta)
    signal cleared()
    spacing: 6

    readonly property int step: presets.length > 0 ? 5 : 1

    Flow {
        Layout.fillWidth: true
        visible: number.presets.length > 0
        spacing: 8
        Repeater {
            model: number.presets
            delegate: Chip {
                required property var modelData
                objectName: "preset_" + modelData
                text: modelData
                selected: number.value === modelData
                Accessible.name: number.accessibleLabel + ": " + modelData
                onClicked: number.picked(modelData)
            }
        }
    }
    Stepper {
        objectName: "stepper"
        valueText: number.value === undefined ? "–" : number.value
        accessibleLabel: number.accessibleLabel
        canDecrease: number.value !== undefined && (number.minimum === undefined || number.value > number.minimum)
        canIncrease: number.maximum === undefined || number.value === undefined || number.value < number.maximum
        onStepped: delta => number.stepped(delta * number.step)
    }
}
