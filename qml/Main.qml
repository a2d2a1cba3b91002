// The window: one StackView whose first page follows the Session's stage (first start, locked,
// unlocked), and the sync bar along the bottom whenever the app is unlocked.
import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Faltlogg.Models

ApplicationWindow {
    id: window
    width: 800
    height: 1280
    minimumWidth: 600
    visible: true
    title: "Fältlogg"
    color: Theme.surface
    // The Controls style draws text fields, dialogs and tabs: it follows the same light or dark set.
    Material.theme: Theme.dark ? Material.Dark : Material.Light
    Material.primary: Theme.primary
    Material.accent: Theme.accent
    Material.background: Theme.card
    Material.foreground: Theme.text

    font.pixelSize: Theme.fontBody

    footer: SyncBar {
        visible: Session.stage === Session.Unlocked && !(stack.currentItem && stack.currentItem.hidesSyncBar)
    }

    StackView {
        id: stack
        objectName: "stack"
        anchors.fill: parent
        focus: true
    }

    Component { id: setupPage; SetupPage {} }
    Component { id: unlockPage; UnlockPage {} }
    Component { id: homePage; HomePage {} }
    Component { id: formPage; RecordFormPage {} }
    Component { id: detailPage; RecordDetailPage {} }
    Component { id: reviewPage; ReviewPage {} }
    Component { id: settingsPage; SettingsPage {} }
    Component { id: casesPage; MyCasesPage {} }

    function pageForStage() {
        switch (Session.stage) {
        case Session.Unlocked: return homePage
        case Session.Locked: return unlockPage
        default: return setupPage
        }
    }

    function resetToStage() {
        stack.clear(StackView.Immediate)
        stack.push(pageForStage(), {}, StackView.Immediate)
    }

    function openForm(draft) {
        if (draft)
            stack.push(formPage, { draft: draft })
    }

    function openDetail(recordId) {
        stack.push(detailPage, { recordId: recordId })
    }

    function openReview() { stack.push(reviewPage) }
    function openSettings() { stack.push(settingsPage) }
    function openCases() { stack.push(casesPage) }

    // Shows one main screen directly (screenshots, the self-test, QML tests). Returns whether it could.
    function showScreen(name, argument) {
        // "…-large-text" shows the screen at the largest text size; every other screen at the default.
        const largeText = name.endsWith("-large-text")
        Session.textScale = largeText ? 1.5 : 1.0
        if (largeText && name !== "new-large-text")
            name = name.slice(0, -"-large-text".length)
        switch (name) {
        case "setup":
            stack.clear(StackView.Immediate)
            stack.push(setupPage, {}, StackView.Immediate)
            return true
        case "unlock":
            Session.lock()
            resetToStage()
            return Session.stage === Session.Locked
        case "home":
            resetToStage()
            return Session.stage === Session.Unlocked
        case "new":
        case "new-large-text":
        case "new-family":
        case "new-errors": {
            resetToStage()
            const draft = Session.newDraft(argument)
            if (!draft)
                return false
            const page = stack.push(formPage, { draft: draft }, StackView.Immediate)
            if (name === "new-errors")
                page.showErrorsExample()
            return true
        }
        case "detail": {
            resetToStage()
            if (argument === "first") {  // any record: the newest own one, else the team's newest
                const list = Session.records.count > 0 ? Session.records : Session.teamRecords
                if (list.count === 0)
                    return false
                stack.push(detailPage, { recordId: list.get(0).recordId }, StackView.Immediate)
                return true
            }
            const wanted = argument === "rejected" ? "needs_correction" : "needs_changes"
            for (let row = 0; row < Session.records.count; ++row) {
                const record = Session.records.get(row)
                if (record.syncState === wanted || record.reviewState === wanted) {
                    stack.push(detailPage, { recordId: record.recordId }, StackView.Immediate)
                    return true
                }
            }
            return false
        }
        case "review":
            resetToStage()
            stack.push(reviewPage, {}, StackView.Immediate)
            return true
        case "settings":
            resetToStage()
            stack.push(settingsPage, {}, StackView.Immediate)
            return true
        case "cases":
        case "close-case": {
            resetToStage()
            const page = stack.push(casesPage, {}, StackView.Immediate)
            if (name === "close-case") {
                const open = Session.cases.get(Session.cases.rowOf("DEMO-2026-0042"))
                if (!open.caseRecordId)
                    return false
                page.askToClose(open.caseCode, open.caseRecordId)
            }
            return true
        }
        }
        return false
    }

    Connections {
        target: Session
        function onStageChanged() { window.resetToStage() }
    }

    Component.onCompleted: resetToStage()
}
