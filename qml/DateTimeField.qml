// When it happened: defaults to now, adjusted with a few big buttons (a contact is logged during or
// soon after it, so small shifts are what is needed; the validator refuses the far future).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: picker
    property string shownValue
    property string accessibleLabel
    signal shift(int minutes)
    signal now()
    spacing: 6

    Label {
        objectName: "dateTimeValue"
        text: picker.shownValue
        font.pixelSize: Theme.fontTitle
        color: Theme.text
        Accessible.name: picker.accessibleLabel + ": " + text
    }
    Flow {
        Layout.fillWidth: true
        spacing: 8
        Repeater {
            model: [
                { minutes: -24 * 60, label: qsTr("−1 dag") },
                { minutes: -60, label: qsTr("−1 h") },
                { minutes: -15, label: qsTr("−15 min") },
                { minutes: 15, label: qsTr("+15 min") }
            ]
            delegate: Chip {
                required property var modelData
                text: modelData.label
                Accessible.name: picker.accessibleLabel + " " + modelData.label
                onClicked: picker.shift(modelData.minutes)
            }
        }
        Chip {
            text: qsTr("Nu")
            Accessible.name: qsTr("%1: sätt till nu").arg(picker.accessibleLabel)
            onClicked: picker.now()
        }
    }
}
