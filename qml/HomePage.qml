// Home: today's and this week's records, the unfinished draft, and one big button per form.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Page {
    id: page
    objectName: "homePage"
    title: qsTr("Fältlogg")

    header: PageHeader {
        title: page.title
        subtitle: Session.userName
        showBack: false
        HeaderButton {
            objectName: "reviewButton"
            visible: Session.teamLead
            text: qsTr("Granska")
            Accessible.name: qsTr("Granska teamets registreringar")
            onClicked: window.openReview()
        }
        HeaderButton {
            objectName: "casesButton"
            // Family therapists: their cases by code (issue 16).
            visible: Session.forms.some(form => form.id === "familjebehandling")
            text: qsTr("Mina ärenden")
            onClicked: window.openCases()
        }
        HeaderButton {
            objectName: "settingsButton"
            text: qsTr("Inställningar")
            onClicked: window.openSettings()
        }
        HeaderButton {
            objectName: "lockButton"
            text: qsTr("Lås")
            Accessible.name: qsTr("Lås appen")
            onClicked: Session.lock()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Label {
            Layout.fillWidth: true
            Layout.margins: Theme.margin
            text: qsTr("Idag: %1 · Denna vecka: %2").arg(Session.records.todayCount).arg(Session.records.weekCount)
            font.pixelSize: Theme.fontLabel
            color: Theme.text
            wrapMode: Text.WordWrap
        }

        Pane {
            objectName: "draftCard"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.margin
            Layout.rightMargin: Theme.margin
            visible: Session.openDraft !== null
            background: Rectangle { color: Theme.warningLight; radius: 8 }
            RowLayout {
                anchors.fill: parent
                spacing: Theme.gap
                Label {
                    Layout.fillWidth: true
                    text: Session.openDraft ? qsTr("Utkast: %1 (inte sparat)").arg(Session.openDraft.title) : ""
                    font.pixelSize: Theme.fontBody
                    wrapMode: Text.WordWrap
                }
                ActionButton {
                    text: qsTr("Fortsätt")
                    Accessible.name: qsTr("Fortsätt med utkastet")
                    onClicked: window.openForm(Session.openDraft)
                }
                ActionButton {
                    text: qsTr("Släng")
                    primary: false
                    Accessible.name: qsTr("Släng utkastet")
                    onClicked: Session.discardDraft()
                }
            }
        }

        TabBar {
            id: listTabs
            objectName: "listTabs"
            Layout.fillWidth: true
            visible: Session.teamLead
            // A lead who logs nothing has only the team's records to look at: start there.
            currentIndex: Session.canLog ? 0 : 1
            TabButton {
                objectName: "ownTab"
                text: qsTr("Mina (%1)").arg(Session.records.count)
                font.pixelSize: Theme.fontBody
                font.capitalization: Font.MixedCase
                Accessible.name: qsTr("Mina registreringar")
            }
            TabButton {
                objectName: "teamTab"
                text: qsTr("Teamets (%1)").arg(Session.teamRecords.count)
                font.pixelSize: Theme.fontBody
                font.capitalization: Font.MixedCase
                Accessible.name: qsTr("Teamets registreringar")
            }
        }

        ListView {
            id: list
            objectName: "recordList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            readonly property bool showingTeam: Session.teamLead && listTabs.currentIndex === 1
            model: showingTeam ? Session.teamRecords : Session.records
            delegate: RecordDelegate {
                onClicked: window.openDetail(recordId)
            }
            section.property: "section"
            section.delegate: SectionTitle {
                required property string section
                text: section
            }
            Label {
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.margin
                visible: list.count === 0
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                text: list.showingTeam ? qsTr("Teamets registreringar visas här när de har synkats.")
                      : Session.canLog ? qsTr("Inga registreringar än. Tryck på knappen nedan när du har haft en kontakt.")
                      : qsTr("Du registrerar inga kontakter själv. Granska teamets registreringar under Granska.")
                font.pixelSize: Theme.fontBody
                color: Theme.muted
            }
            ScrollIndicator.vertical: ScrollIndicator {}
        }

        UndoBar {
            Layout.fillWidth: true
            Layout.margins: Theme.gap
        }

        GridLayout {
            objectName: "newRecordButtons"
            visible: Session.canLog
            Layout.fillWidth: true
            Layout.margins: Theme.margin
            columns: Session.forms.length > 1 && page.width >= 560 ? 2 : 1
            columnSpacing: Theme.gap
            rowSpacing: Theme.gap
            Repeater {
                model: Session.forms
                delegate: ActionButton {
                    required property var modelData
                    objectName: "newRecordButton_" + modelData.id
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    text: "+ " + qsTr("Ny %1").arg(modelData.title.toLowerCase())
                    implicitHeight: Math.max(Math.round(64 * Theme.textScale), implicitContentHeight + topPadding + bottomPadding)
                    onClicked: window.openForm(Session.newDraft(modelData.id))
                }
            }
        }
    }
}
