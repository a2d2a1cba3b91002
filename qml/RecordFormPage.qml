// New or edited record: one delegate per field of the form pack, errors at each field as you go, and
// a save button that scrolls to the first problem when there is one.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Page {
    id: page
    objectName: "recordFormPage"
    required property RecordDraft draft
    title: draft ? draft.title : ""

    // The record is written off the UI thread; the page closes once it is stored (onSaved). A store that
    // says no leaves the page open with the reason under the button and every value kept.
    function save() {
        if (!page.draft.save()) {
            const row = page.draft.firstErrorRow()
            if (row >= 0)
                fieldList.positionViewAtIndex(row, ListView.Beginning)
        }
    }
    Connections {
        target: page.draft
        function onSaved() {
            if (page.StackView.view)
                page.StackView.view.pop()
        }
    }

    // For the screenshots: what a half-filled record with a personnummer in the notes looks like.
    function showErrorsExample() {
        page.draft.setText("notes", "Pratade med 811218-9876 om skolan")
        page.draft.save()
        const row = page.draft.firstErrorRow()
        if (row >= 0)
            fieldList.positionViewAtIndex(row, ListView.Beginning)
    }

    header: PageHeader {
        title: page.draft && page.draft.editing ? qsTr("Ändra %1").arg(page.title.toLowerCase()) : page.title
        backAccessibleName: qsTr("Tillbaka, utkastet finns kvar på startsidan")
        onBack: page.StackView.view.pop()
        HeaderButton {
            objectName: "saveToolButton"
            text: page.draft && page.draft.saving ? qsTr("Sparar …") : qsTr("Spara")
            enabled: !(page.draft && page.draft.saving)
            font.bold: true
            Accessible.name: qsTr("Spara registreringen")
            onClicked: page.save()
        }
    }

    ListView {
        id: fieldList
        objectName: "fieldList"
        anchors.fill: parent
        clip: true
        model: page.draft ? page.draft.fields : null
        spacing: 0
        cacheBuffer: 4000
        delegate: FieldDelegate {
            draft: page.draft
        }
        footer: ColumnLayout {
            width: fieldList.width
            spacing: Theme.gap
            Label {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                Layout.topMargin: Theme.gap
                visible: page.draft && page.draft.saveAttempted && page.draft.errorCount > 0
                text: qsTr("%n fält behöver rättas innan du kan spara.", "", page.draft ? page.draft.errorCount : 0)
                color: Theme.error
                font.pixelSize: Theme.fontBody
                wrapMode: Text.WordWrap
            }
            Label {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                visible: text.length > 0
                text: page.draft ? page.draft.saveError : ""
                color: Theme.error
                wrapMode: Text.WordWrap
            }
            ActionButton {
                objectName: "saveButton"
                Layout.fillWidth: true
                Layout.margins: Theme.margin
                implicitHeight: Math.max(64, implicitContentHeight + 24)
                text: page.draft && page.draft.saving ? qsTr("Sparar …") : qsTr("Spara")
                enabled: !(page.draft && page.draft.saving)
                Accessible.name: qsTr("Spara registreringen")
                onClicked: page.save()
            }
        }
        ScrollIndicator.vertical: ScrollIndicator {}
    }
}
