// Free text (notes) or a short code. Every keystroke goes to the draft, so an identifying number is
// pointed out while it is typed; leaving the field marks it as touched.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: entry
    property string value
    property bool multiline: true
    property int maxLength: 0
    property string accessibleLabel
    signal edited(string text)
    signal editingDone()
    spacing: 2

    TextArea {
        objectName: entry.multiline ? "textInput" : ""
        visible: entry.multiline
        Layout.fillWidth: true
        Layout.preferredHeight: Math.max(120, implicitHeight)
        text: entry.value
        wrapMode: TextEdit.Wrap
        font.pixelSize: Theme.fontBody
        placeholderText: qsTr("Skriv här …")
        Accessible.name: entry.accessibleLabel
        onTextChanged: if (entry.multiline && text !== entry.value) entry.edited(text)
        onActiveFocusChanged: if (!activeFocus) entry.editingDone()
    }
    TextField {
        objectName: entry.multiline ? "" : "textInput"
        visible: !entry.multiline
        Layout.fillWidth: true
        Layout.preferredHeight: Theme.touchTarget + 8
        text: entry.value
        font.pixelSize: Theme.fontLabel
        inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhPreferUppercase
        Accessible.name: entry.accessibleLabel
        onTextChanged: if (!entry.multiline && text !== entry.value) entry.edited(text)
        onEditingFinished: entry.editingDone()
    }
    Label {
        Layout.alignment: Qt.AlignRight
        visible: entry.maxLength > 0 && entry.multiline
        text: qsTr("%1 av %2 tecken").arg(entry.value.length).arg(entry.maxLength)
        font.pixelSize: Theme.fontSmall
        color: entry.value.length > entry.maxLength ? Theme.error : Theme.muted
    }
}
