// Dark and light colours and the text size (docs/decisions/0090): every text/background pair of the
// Theme reaches WCAG 4.5:1 in both sets; the choice in Inställningar applies at once and is kept; chips
// and buttons grow with the text and their text fits at 150 %, also on the real form in portrait.
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
    Component { id: chipComponent; Chip { text: "Uppsökande runda" } }
    Component { id: buttonComponent; ActionButton { text: "Synka nu"; primary: false } }
    Component { id: headerButtonComponent; HeaderButton { text: "‹ Tillbaka" } }
    Component { id: stepperComponent; Stepper { valueText: "12" } }
    Component {
        id: chipsComponent
        ChoiceChips {
            width: 400
            options: [{ value: "a", label: "Kontaktade socialsekreterare", selected: true },
                      { value: "b", label: "Stödsamtal", selected: false }]
        }
    }

    TestCase {
        id: test
        name: "Appearance"
        when: windowShown

        property var app

        function init() {
            app = createTemporaryObject(appComponent, root)
            verify(app)
            if (Session.stage === Session.Locked)
                { verify(Session.unlock(Helpers.demoPassphrase)); tryCompare(Session, "stage", Session.Unlocked, 10000) }
            compare(Session.stage, Session.Unlocked)
        }

        function cleanup() {
            Session.discardDraft()
            Session.appearance = "system"
            Session.textScale = 1.0
        }

        // WCAG 2.x relative luminance and contrast ratio of two QML colours.
        function luminance(c) {
            const channel = v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)
            return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
        }
        function contrast(a, b) {
            const la = luminance(a)
            const lb = luminance(b)
            return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
        }

        function checkContrast(mode) {
            verify(Theme.contrastPairs.length >= 20)
            for (const [foreground, background] of Theme.contrastPairs) {
                const ratio = contrast(Theme[foreground], Theme[background])
                verify(ratio >= 4.5, mode + ": " + foreground + " on " + background + " is " + ratio.toFixed(2) + ":1")
            }
        }

        function test_contrast_of_text_in_both_sets() {
            Session.appearance = "light"
            verify(!Theme.dark)
            checkContrast("light")
            const lightSurface = Qt.color(Theme.surface)
            Session.appearance = "dark"
            verify(Theme.dark)
            checkContrast("dark")
            verify(luminance(Theme.surface) < 0.02 && luminance(lightSurface) > 0.8, "dark really is dark")
        }

        // The check itself must be able to fail: a pair of near colours is caught.
        function test_contrast_check_catches_a_weak_pair() {
            verify(contrast(Qt.color("#777777"), Qt.color("#ffffff")) < 4.5)
            compare(contrast(Qt.color("#000000"), Qt.color("#ffffff")).toFixed(1), "21.0")
        }

        function test_system_setting_follows_the_platform_palette() {
            Session.appearance = "system"
            // Offscreen the platform palette is light; tests/qml/unit/appearance_test.cpp switches it to dark.
            compare(Theme.dark, Session.systemDark)
            Session.appearance = "dark"
            verify(Theme.dark)
            Session.appearance = "nonsense"
            compare(Session.appearance, "system", "an unknown value falls back to following the system")
        }

        function test_choice_in_settings_applies_at_once() {
            verify(app.showScreen("settings", ""))
            tryCompare(findChild(app.contentItem, "stack"), "busy", false)
            const page = findChild(app.contentItem, "settingsPage")
            const choice = findChild(page, "appearanceChoice")
            verify(choice, "Utseende is offered")
            const dark = findChild(choice, "chip_dark")
            verify(dark)
            compare(dark.text, "Mörkt")
            mouseClick(dark)
            compare(Session.appearance, "dark")
            verify(Theme.dark)
            verify(Qt.colorEqual(app.color, Theme.surface), "the window repaints with the dark surface")
            wait(50)  // the chips are made anew for the changed options
            verify(findChild(choice, "chip_dark").selected, "the chosen chip shows it is chosen")
            mouseClick(findChild(choice, "chip_light"))
            verify(!Theme.dark)
            verify(Qt.colorEqual(app.color, "#f4f6f8"))

            wait(50)
            mouseClick(findChild(findChild(page, "textSizeChoice"), "chip_1.5"))
            compare(Session.textScale, 1.5)
            compare(Theme.fontBody, 17 * 1.5)
        }

        function grows(component, name) {
            Session.textScale = 1.0
            const item = createTemporaryObject(component, root)
            verify(item, name)
            waitForItemPolished(item)
            const small = item.implicitHeight
            Session.textScale = 1.5
            waitForItemPolished(item)
            verify(item.implicitHeight >= small * 1.4, name + " grows with the text: " + small + " → " + item.implicitHeight)
            return item
        }

        // The label inside a button is no wider or higher than the room the button gives it.
        function fits(button, name) {
            const label = button.contentItem
            verify(label.contentWidth <= label.width + 0.5, name + ": text " + label.contentWidth + " in " + label.width)
            verify(label.contentHeight <= label.height + 0.5, name + ": text " + label.contentHeight + " high in " + label.height)
            verify(button.height >= button.topPadding + label.contentHeight + button.bottomPadding - 0.5, name + " is tall enough")
        }

        function test_controls_grow_with_the_text_and_text_fits() {
            const chip = grows(chipComponent, "Chip")
            chip.width = chip.implicitWidth
            chip.height = chip.implicitHeight
            fits(chip, "Chip")
            verify(chip.leftPadding >= 24, "the padding grows too")

            const button = grows(buttonComponent, "ActionButton")
            button.width = button.implicitWidth
            button.height = button.implicitHeight
            fits(button, "ActionButton")

            const header = grows(headerButtonComponent, "HeaderButton")
            header.width = header.implicitWidth
            header.height = header.implicitHeight
            fits(header, "HeaderButton")

            const stepper = grows(stepperComponent, "Stepper")
            const increase = findChild(stepper, "increase")
            verify(increase.width >= 72, "the + button grows to " + increase.width)
            fits(increase, "Stepper +")

            Session.textScale = 1.0
            const chips = createTemporaryObject(chipsComponent, root)
            const before = chips.implicitHeight
            Session.textScale = 1.25
            tryVerify(() => chips.implicitHeight > before, 2000, "ChoiceChips grow at 125 %")
            Session.textScale = 1.5
            waitForItemPolished(chips)
            for (const value of ["a", "b"]) {
                const one = findChild(chips, "chip_" + value)
                verify(one.x + one.width <= chips.width + 0.5, "chip " + value + " stays inside the row")
                fits(one, "chip " + value)
            }
        }

        // The whole field contact form at 150 % in portrait: no chip's text is cut and no two steppers of
        // the count grid overlap or leave the screen.
        function test_form_at_150_percent_in_portrait() {
            verify(app.showScreen("new-large-text", "faltkontakt"))
            compare(Session.textScale, 1.5)
            tryCompare(findChild(app.contentItem, "stack"), "busy", false)
            const list = findChild(app.contentItem, "fieldList")
            verify(list)
            let checked = 0
            let steppers = 0
            for (let row = 0; row < list.count; ++row) {
                list.positionViewAtIndex(row, ListView.Contain)
                waitForItemPolished(list)
                const delegate = list.itemAtIndex(row)
                if (!delegate)
                    continue
                for (const chip of findChips(delegate)) {
                    fits(chip, delegate.objectName + "/" + chip.objectName)
                    const right = chip.mapToItem(app.contentItem, chip.width, 0).x
                    verify(right <= app.width + 0.5, chip.objectName + " ends at " + right + " of " + app.width)
                    ++checked
                }
                const cells = findCells(delegate)
                for (let i = 0; i < cells.length; ++i) {
                    const a = cells[i].mapToItem(app.contentItem, 0, 0)
                    verify(a.x >= 0 && a.x + cells[i].width <= app.width + 0.5, cells[i].objectName + " is on screen")
                    for (let j = i + 1; j < cells.length; ++j) {
                        const b = cells[j].mapToItem(app.contentItem, 0, 0)
                        const apart = a.x + cells[i].width <= b.x + 0.5 || b.x + cells[j].width <= a.x + 0.5
                                      || a.y + cells[i].height <= b.y + 0.5 || b.y + cells[j].height <= a.y + 0.5
                        verify(apart, cells[i].objectName + " overlaps " + cells[j].objectName)
                    }
                    ++steppers
                }
            }
            verify(checked >= 15, checked + " chips checked")
            verify(steppers >= 6, steppers + " steppers checked")
        }

        function findChips(item) {
            let found = []
            const children = item.children || []
            for (let i = 0; i < children.length; ++i) {  // a list property is not iterable with for-of in 6.4
                const child = children[i]
                if ((child.objectName || "").startsWith("chip_") && child.visible && child.contentItem)
                    found.push(child)
                found = found.concat(findChips(child))
            }
            return found
        }

        function findCells(item) {
            let found = []
            const children = item.children || []
            for (let i = 0; i < children.length; ++i) {  // a list property is not iterable with for-of in 6.4
                const child = children[i]
                if ((child.objectName || "").startsWith("cell_") && child.visible)
                    found.push(child)
                found = found.concat(findCells(child))
            }
            return found
        }
    }
}
