// One form field: its label (with * when required), help, the editor for its type and, once the
// field was touched or a save was tried, the validator's message right below it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Pane {
    id: field
    required property int index
    required property string fieldId
    required property string type
    required property string label
    required property string help
    required property bool mandatory
    required property var value
    required property var displayValue
    required property var options
    required property var rows
    required property var columns
    required property var total
    required property var presets
    required property var minimum
    required property var maximum
    required property var maxLength
    required property string error
    required property bool prefilled
    property RecordDraft draft

    objectName: "field_" + fieldId
    width: ListView.view ? ListView.view.width : implicitWidth
    padding: Theme.margin
    background: Rectangle {
        color: field.error.length > 0 ? Theme.errorLight : Theme.card
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.divider }
    }

    readonly property string accessibleLabel: label + (mandatory ? ", " + qsTr("obligatoriskt") : "")

    ColumnLayout {
        width: parent.width
        spacing: 6

        RowLayout {
            Layout.fillWidth: true
            Label {
                text: field.label + (field.mandatory ? " *" : "")
                font.pixelSize: Theme.fontLabel
                font.bold: true
                color: Theme.text
                Accessible.ignored: true
            }
            Label {
                visible: field.prefilled
                text: qsTr("som förra gången")
                font.pixelSize: Theme.fontSmall
                font.italic: true
                color: Theme.muted
            }
            Item { Layout.fillWidth: true }
            Label {
                visible: field.type === "count_grid"
                text: qsTr("Totalt %1").arg(field.total)
                font.pixelSize: Theme.fontBody
                color: Theme.text
            }
        }
        Label {
            Layout.fillWidth: true
            visible: field.help.length > 0
            text: field.help
            font.pixelSize: Theme.fontSmall
            color: Theme.muted
            wrapMode: Text.WordWrap
        }

        Loader {
            id: editor
            Layout.fillWidth: true
            sourceComponent: {
                switch (field.type) {
                case "single": return singleChoice
                case "reference": return field.options.length > 0 ? singleChoice : codeEntry
                case "multi": return multiChoice
                case "count_grid": return countGrid
                case "datetime": return dateTime
                case "integer": return integer
                case "boolean": return toggle
                case "code": return codeEntry
                default: return notesEntry
                }
            }
        }

        Label {
            objectName: "error_" + field.fieldId
            Layout.fillWidth: true
            visible: field.error.length > 0
            text: "⚠ " + field.error
            color: Theme.error
            font.pixelSize: Theme.fontBody
            wrapMode: Text.WordWrap
            Accessible.role: Accessible.AlertMessage
            Accessible.name: field.error
        }
    }

    Component {
        id: singleChoice
        ChoiceChips {
            options: field.options
            accessibleLabel: field.accessibleLabel
            onChosen: value => field.draft.chooseOption(field.fieldId, value)
        }
    }
    Component {
        id: multiChoice
        ChoiceChips {
            options: field.options
            multiple: true
            accessibleLabel: field.accessibleLabel
            onChosen: value => field.draft.toggleOption(field.fieldId, value)
        }
    }
    Component {
        id: countGrid
        CountGridField {
            gridRows: field.rows
            gridColumns: field.columns
            cells: field.value
            accessibleLabel: field.accessibleLabel
            onStepped: (row, column, delta) => field.draft.stepGridCell(field.fieldId, row, column, delta)
        }
    }
    Component {
        id: dateTime
        DateTimeField {
            shownValue: field.displayValue
            accessibleLabel: field.accessibleLabel
            onShift: minutes => field.draft.shiftDateTime(field.fieldId, minutes)
            onNow: field.draft.setDateTime(field.fieldId, new Date())
        }
    }
    Component {
        id: integer
        IntegerField {
            value: field.value
            presets: field.presets
            minimum: field.minimum
            maximum: field.maximum
            accessibleLabel: field.accessibleLabel
            onPicked: number => field.draft.setInteger(field.fieldId, number)
            onStepped: delta => field.draft.stepInteger(field.fieldId, delta)
            onCleared: field.draft.clearValue(field.fieldId)
        }
    }
    Component {
        id: toggle
        SwitchField {
            objectName: "switch"
            value: field.value
            accessibleLabel: field.accessibleLabel
            onChangedTo: on => field.draft.setBool(field.fieldId, on)
        }
    }
    Component {
        id: notesEntry
        TextEntryField {
            value: field.value === undefined ? "" : field.value
            multiline: true
            maxLength: field.maxLength === undefined ? 0 : field.maxLength
            accessibleLabel: field.accessibleLabel
            onEdited: text => field.draft.setText(field.fieldId, text)
            onEditingDone: field.draft.touch(field.fieldId)
        }
    }
    Component {
        id: codeEntry
        TextEntryField {
            value: field.value === undefined ? "" : field.value
            multiline: false
            maxLength: field.maxLength === undefined ? 0 : field.maxLength
            accessibleLabel: field.accessibleLabel
            onEdited: text => field.draft.setText(field.fieldId, text)
            onEditingDone: field.draft.touch(field.fieldId)
        }
    }
}
