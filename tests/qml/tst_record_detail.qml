// A record's detail page: deleting with undo from the home screen, and editing through the form.
import QtQuick
import QtTest
import Faltlogg
import Faltlogg.Models
import "FaltloggTestHelpers.js" as Helpers

Item {
    id: root
    width: 800
    height: 1280

    Component { id: appComponent; Main {} }

    TestCase {
        name: "RecordDetail"
        when: windowShown

        property var app

        function init() {
            app = createTemporaryObject(appComponent, root)
            if (Session.stage === Session.Locked)
                { verify(Session.unlock(Helpers.demoPassphrase)); tryCompare(Session, "stage", Session.Unlocked, 10000) }
            app.showScreen("home", "")
        }

        function settled() {
            tryCompare(findChild(app.contentItem, "stack"), "busy", false)
        }

        function openFirstRecord() {
            const id = Session.records.get(0).recordId
            app.openDetail(id)
            settled()
            return id
        }

        function test_delete_then_undo_keeps_the_record() {
            const before = Session.records.count
            const id = openFirstRecord()
            mouseClick(findChild(app.contentItem, "deleteButton"))
            settled()
            compare(Session.records.count, before - 1, "gone from the list at once")
            const undo = findChild(app.contentItem, "undoDeleteButton")
            verify(undo && undo.visible, "the undo bar is offered")
            mouseClick(undo)
            compare(Session.records.count, before)
            verify(Session.records.rowOf(id) >= 0)
            verify(!undo.visible)
        }

        function test_edit_changes_the_stored_record() {
            let row = -1
            for (let i = 0; i < Session.records.count && row < 0; ++i) {
                if (Session.records.get(i).formId === "faltkontakt")
                    row = i
            }
            verify(row >= 0)
            const id = Session.records.get(row).recordId
            app.openDetail(id)
            settled()
            mouseClick(findChild(app.contentItem, "editButton"))
            settled()
            const form = findChild(app.contentItem, "recordFormPage")
            verify(form && form.draft.editing)
            const list = findChild(form, "fieldList")
            let arena = null
            for (let i = 0; !arena && i < list.count; ++i) {
                list.positionViewAtIndex(i, ListView.Contain)
                waitForItemPolished(list)
                arena = findChild(list, "field_arena")
            }
            list.positionViewAtIndex(arena.index, ListView.Contain)
            waitForItemPolished(list)
            mouseClick(findChild(arena, "chip_digital"))
            mouseClick(findChild(form, "saveToolButton"))
            settled()
            const edited = Session.records.get(Session.records.rowOf(id))
            verify(edited.summary.indexOf("Digitalt") >= 0, edited.summary)
            compare(edited.syncState, "waiting", "an edit is pushed again")
        }
    }
}
