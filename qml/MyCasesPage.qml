// Mina ärenden: the family therapist's cases by code, with their sessions and status. A case is started
// once ("Nytt ärende", the case record form); a session is logged by picking its case, so the code is
// never typed again; a case is closed with a reason. Every action saves through the Session like any
// other record (sealed, synced, refused personnummer).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Page {
    id: page
    objectName: "casesPage"
    title: qsTr("Mina ärenden")
    background: Rectangle { color: Theme.surface }

    header: PageHeader {
        title: page.title
        subtitle: qsTr("%1 pågående").arg(page.openCount)
        onBack: page.StackView.view.pop()
    }

    property alias closeDialog: closeDialog
    property int openCount: {
        let open = 0
        for (let row = 0; row < Session.cases.count; ++row)
            open += Session.cases.get(row).status === "open" ? 1 : 0
        return open
    }

    // Opens the close dialog for one case (tests and the delegate's button).
    function askToClose(caseCode, caseRecordId) {
        closeDialog.caseCode = caseCode
        closeDialog.caseRecordId = caseRecordId
        closeDialog.reason = ""
        closeDialog.problem = ""
        closeDialog.open()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ListView {
            id: list
            objectName: "caseList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.gap
            topMargin: Theme.margin
            bottomMargin: Theme.margin
            model: Session.cases
            delegate: CaseDelegate {
                width: ListView.view.width
                onLogSession: window.openForm(Session.newSessionForCase(caseCode))
                onCloseCase: page.askToClose(caseCode, caseRecordId)
            }
            Label {
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.margin
                visible: list.count === 0
                text: qsTr("Inga ärenden än. Starta ett ärende med knappen nedan.")
                font.pixelSize: Theme.fontBody
                color: Theme.muted
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
            }
            ScrollIndicator.vertical: ScrollIndicator {}
        }

        ActionButton {
            objectName: "newCaseButton"
            Layout.fillWidth: true
            Layout.margins: Theme.margin
            text: "+ " + qsTr("Nytt ärende")
            onClicked: window.openForm(Session.newDraft("familjearende"))
        }
    }

    // A popup lives in the window's overlay: it must not outlive the page that opened it.
    // (The lock screen, or any page replacing this one, must never show a case code under a left-over dialog.)
    StackView.onDeactivating: closeDialog.close()
    Component.onDestruction: closeDialog.close()
    onVisibleChanged: if (!visible) closeDialog.close()
    Connections {
        target: Session
        function onStageChanged() { closeDialog.close() }
    }

    CloseCaseDialog {
        id: closeDialog
        anchors.centerIn: parent
        width: Math.min(page.width - 2 * Theme.margin, 520)
    }
}
