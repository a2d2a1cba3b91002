// Counts by row × column (young people by gender × age band). Drawn transposed — one line per age band,
// one stepper per gender — so three steppers fit side by side from 600 px wide.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

GridLayout {
    id: grid
    property var gridRows: []       // e.g. genders
    property var gridColumns: []    // e.g. age bands
    property var cells: []      // cells[row][column]
    property string accessibleLabel
    signal stepped(int row, int column, int delta)

    columns: gridRows.length + 1
    rowSpacing: 4
    columnSpacing: 8

    function cell(row, column) {
        return cells && cells[row] ? cells[row][column] : 0
    }

    Item { Layout.preferredWidth: 1 }
    Repeater {
        model: grid.gridRows
        delegate: Label {
            required property var modelData
            text: modelData.label
            font.pixelSize: Theme.fontBody
            font.bold: true
            horizontalAlignment: Text.AlignHCenter
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
        }
    }
    Repeater {
        model: grid.gridColumns.length * (grid.gridRows.length + 1)
        delegate: Loader {
            required property int index
            readonly property int band: Math.floor(index / (grid.gridRows.length + 1))
            readonly property int gender: index % (grid.gridRows.length + 1) - 1
            Layout.fillWidth: gender >= 0
            Layout.alignment: Qt.AlignHCenter
            sourceComponent: gender < 0 ? bandLabel : counter
            Component {
                id: bandLabel
                Label {
                    text: grid.gridColumns[band].label
                    font.pixelSize: Theme.fontBody
                    color: Theme.text
                }
            }
            Component {
                id: counter
                Stepper {
                    objectName: "cell_" + grid.gridRows[gender].value + "_" + grid.gridColumns[band].value
                    valueText: grid.cell(gender, band)
                    canDecrease: grid.cell(gender, band) > 0
                    accessibleLabel: grid.accessibleLabel + ", " + grid.gridRows[gender].label + ", " + grid.gridColumns[band].label
                    onStepped: delta => grid.stepped(gender, band, delta)
                }
            }
        }
    }
}
