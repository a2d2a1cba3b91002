import QtQuick
import QtQuick.Controls

Label {
    font.pixelSize: Theme.fontLabel
    font.bold: true
    color: Theme.muted
    topPadding: Theme.gap
    bottomPadding: 4
    leftPadding: Theme.margin
    Accessible.role: Accessible.Heading
    Accessible.name: text
}
