// Team lead mode against the demo team: the list by member and week, the state filter, approving a
// record and sending one back with a comment (an empty comment is refused).
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
        name: "Review"
        when: windowShown

        property var app

        function init() {
            app = createTemporaryObject(appComponent, root)
            if (Session.stage === Session.Locked)
                { verify(Session.unlock(Helpers.demoPassphrase)); tryCompare(Session, "stage", Session.Unlocked, 10000) }
            verify(Session.teamLead, "the demo user is a team lead")
            app.showScreen("home", "")
            mouseClick(findChild(app.contentItem, "reviewButton"))
            tryVerify(() => findChild(app.contentItem, "reviewPage") !== null)
            // StackView ignores input while a page slides in.
            tryCompare(findChild(app.contentItem, "stack"), "busy", false)
            Session.team.stateFilter = ""
            tryCompare(Session.team, "loading", false)
        }

        function rowWithState(state) {
            for (let row = 0; row < Session.team.count; ++row) {
                const item = Session.team.get(row)
                if (item.reviewState === state)
                    return item
            }
            return null
        }

        function test_approve_an_unreviewed_record() {
            verify(Session.team.count >= 3, "the team's records are listed")
            const target = rowWithState("")
            verify(target, "an unreviewed record")
            const list = findChild(app.contentItem, "reviewList")
            let targetRow = -1
            for (let row = 0; row < Session.team.count; ++row) {
                if (Session.team.get(row).recordId === target.recordId)
                    targetRow = row
            }
            list.positionViewAtIndex(targetRow, ListView.Center)
            waitForItemPolished(list)
            wait(50)
            const delegate = findChild(list, "review_" + target.recordId)
            verify(delegate)
            const button = findChild(delegate, "approveButton")
            verify(button.enabled)
            mouseClick(button)
            tryCompare(Session.team, "loading", false)
            compare(Session.team.error, "")
            let approved = false
            for (let row = 0; row < Session.team.count; ++row) {
                const item = Session.team.get(row)
                if (item.recordId === target.recordId)
                    approved = item.reviewState === "approved"
            }
            verify(approved, "the record shows as approved")
        }

        function test_filter_by_state() {
            Session.team.stateFilter = "approved"
            tryCompare(Session.team, "loading", false)
            verify(Session.team.count > 0)
            for (let row = 0; row < Session.team.count; ++row)
                compare(Session.team.get(row).reviewState, "approved")
        }

        function test_needs_changes_requires_a_comment() {
            const target = rowWithState("")
            verify(target)
            verify(!Session.team.requestChanges(target.recordId, "   "), "an empty comment is refused")
            verify(Session.team.error.length > 0)
            verify(Session.team.requestChanges(target.recordId, "Lägg till insatserna"))
            tryCompare(Session.team, "loading", false)
            let found = null
            for (let row = 0; row < Session.team.count; ++row) {
                if (Session.team.get(row).recordId === target.recordId)
                    found = Session.team.get(row)
            }
            compare(found.reviewState, "needs_changes")
            compare(found.reviewComment, "Lägg till insatserna")
        }

        function test_approve_a_members_week_in_one_action_and_open_a_record() {
            const target = rowWithState("")
            verify(target, "an unreviewed record")
            const open = Session.team.unapprovedIn(target.section)
            verify(open >= 1)
            compare(Session.team.approveSection(target.section), open)
            tryCompare(Session.team, "loading", false)
            compare(Session.team.unapprovedIn(target.section), 0)
            for (let row = 0; row < Session.team.count; ++row) {
                const item = Session.team.get(row)
                if (item.section === target.section)
                    compare(item.reviewState, "approved")
            }
            const detail = Session.team.detail(target.recordId)
            verify(detail.rows.length > 5, "the whole record, every field")
            compare(detail.author, target.author)
            verify(target.author.indexOf("…") < 0, "a display name, not an id: " + target.author)
        }
    }
}
