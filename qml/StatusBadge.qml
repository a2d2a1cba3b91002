// A small coloured label for a record's state (waiting, needs correction, approved, …).
import QtQuick
import QtQuick.Controls

Label {
    id: badge
    property string kind: "neutral"   // ok | warning | error | neutral
    visible: text.length > 0
    font.pixelSize: Theme.fontSmall
    font.bold: true
    leftPadding: 8
    rightPadding: 8
    topPadding: 3
    bottomPadding: 3
    color: kind === "ok" ? Theme.ok : kind === "warning" ? Theme.warning : kind === "error" ? Theme.error : Theme.muted
    background: Rectangle {
        radius: height / 2
        color: badge.kind === "ok" ? Theme.okLight : badge.kind === "warning" ? Theme.warningLight
             : badge.kind === "error" ? Theme.errorLight : Theme.surface
    }
    Accessible.name: text
}
