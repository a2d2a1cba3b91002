// The bar at the top of every page: optional back button, title (and subtitle), then the page's own
// actions. Drawn with explicit colours so it reads the same in every Controls style.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ToolBar {
    id: header
    property string title
    property string subtitle
    property bool showBack: true
    property string backAccessibleName: qsTr("Tillbaka")
    default property alias actions: actionRow.data
    signal back()

    implicitHeight: Math.max(56, row.implicitHeight + 8)
    background: Rectangle { color: Theme.primary }

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: header.showBack ? 0 : Theme.margin
        spacing: 4

        HeaderButton {
            objectName: "backButton"
            visible: header.showBack
            text: qsTr("‹ Tillbaka")
            Accessible.name: header.backAccessibleName
            onClicked: header.back()
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 0
            Label {
                Layout.fillWidth: true
                text: header.title
                font.pixelSize: Theme.fontTitle
                font.bold: true
                color: Theme.textOnPrimary
                elide: Text.ElideRight
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Label {
                Layout.fillWidth: true
                visible: header.subtitle.length > 0
                text: header.subtitle
                font.pixelSize: Theme.fontSmall
                color: Theme.textOnPrimary
                elide: Text.ElideRight
            }
        }
        RowLayout {
            id: actionRow
            spacing: 0
        }
    }
}
