// Single or multi choice as a wrapping row of chips. Which chips are selected comes from the draft;
// a tap only reports the choice (the draft handles exclusive options such as "Ingen oro").
import QtQuick
import QtQuick.Controls

Flow {
    id: chips
    property var options: []
    property bool multiple: false
    property string accessibleLabel
    signal chosen(string value)

    spacing: 8
    Accessible.role: Accessible.Grouping
    Accessible.name: accessibleLabel

    Repeater {
        model: chips.options
        delegate: Chip {
            required property var modelData
            objectName: "chip_" + modelData.value
            text: modelData.label
            selected: modelData.selected
            width: Math.min(implicitWidth, chips.width)
            Accessible.name: chips.accessibleLabel + ": " + modelData.label
            onClicked: chips.chosen(modelData.value)
        }
    }
}
