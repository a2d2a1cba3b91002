// Sizes and colours in one place. Every size that text depends on follows textScale, and so do the
// heights and paddings of chips and buttons (a 150 % label in a 100 % chip was clipped); touch targets
// never shrink below 48 px. Colours come in a light and a dark set (docs/decisions/0090): dark when the
// user chose it under Inställningar, or chose "Följ systemet" and the system's window colour is dark.
// Pages use only these names, never a colour of their own; tst_theme.qml checks every text/background
// pair below for WCAG contrast ≥ 4.5:1 in both sets.
pragma Singleton
import QtQuick
import Faltlogg.Models

QtObject {
    // Kept by the Session with the other preferences (the store's meta table, readable before unlock).
    readonly property real textScale: Session.textScale
    readonly property bool dark: Session.appearance === "dark"
                                 || (Session.appearance === "system" && Session.systemDark)

    readonly property int touchTarget: 48
    readonly property int gap: 12
    readonly property int margin: 16

    readonly property real fontSmall: 14 * textScale
    readonly property real fontBody: 17 * textScale
    readonly property real fontLabel: 18 * textScale
    readonly property real fontTitle: 22 * textScale
    readonly property real fontHeading: 28 * textScale

    // Controls grow with the text: a chip or button is never lower than its text needs plus padding,
    // and its minimum height and side padding grow at the same rate as the font.
    readonly property int scaledTarget: Math.round(touchTarget * textScale)
    readonly property int chipHeight: Math.round(56 * textScale)
    readonly property int buttonHeight: Math.round(56 * textScale)
    readonly property int controlPadding: Math.round(16 * textScale)
    readonly property int controlVerticalPadding: Math.round(8 * textScale)

    // Fills: the header, the selected chip and the main button, with textOnPrimary text on them.
    readonly property color primary: dark ? "#1d5a94" : "#0b4f8a"
    readonly property color primaryPressed: dark ? "#154673" : "#083a66"
    readonly property color textOnPrimary: "#ffffff"
    // The brand colour as text or outline on a card (outlined buttons, steppers, links).
    readonly property color accent: dark ? "#8cc4ff" : "#0b4f8a"
    readonly property color primaryLight: dark ? "#1c3450" : "#dce9f6"
    readonly property color surface: dark ? "#121417" : "#f4f6f8"
    readonly property color card: dark ? "#1e2227" : "#ffffff"
    readonly property color text: dark ? "#e6e9ed" : "#1b1f23"
    readonly property color muted: dark ? "#a7b0ba" : "#555f6b"
    readonly property color ok: dark ? "#7fd49a" : "#1b6e37"
    readonly property color okLight: dark ? "#15301f" : "#dff2e5"
    readonly property color warning: dark ? "#f2b35e" : "#8a4b00"
    readonly property color warningLight: dark ? "#36280f" : "#fdecd2"
    readonly property color error: dark ? "#ff9a94" : "#a4161a"
    readonly property color errorLight: dark ? "#3d1b1c" : "#fbe2e2"
    readonly property color divider: dark ? "#3b424a" : "#d5dae0"
    // A bar that stands out from the page (the undo bar): the text colour as background.
    readonly property color inverseSurface: dark ? "#e6e9ed" : "#1b1f23"
    readonly property color textOnInverse: dark ? "#1b1f23" : "#ffffff"
    // The lock screen: the brand blue by day, the dark page at night (a full blue screen glares in the dark).
    readonly property color lockBackground: dark ? "#121417" : "#0b4f8a"
    // The last-attempt warning on the lock screen.
    readonly property color alertFill: dark ? "#8c1d22" : "#a4161a"

    // Text/background pairs that must reach WCAG 4.5:1 (tested in both sets by tst_theme.qml).
    readonly property var contrastPairs: [
        ["text", "card"], ["text", "surface"], ["muted", "card"], ["muted", "surface"],
        ["accent", "card"], ["accent", "surface"], ["accent", "primaryLight"],
        ["textOnPrimary", "primary"], ["textOnPrimary", "primaryPressed"], ["textOnPrimary", "alertFill"],
        ["textOnPrimary", "lockBackground"],
        ["text", "primaryLight"], ["text", "errorLight"], ["text", "warningLight"], ["text", "okLight"],
        ["error", "card"], ["error", "errorLight"], ["error", "surface"],
        ["warning", "card"], ["warning", "warningLight"], ["warning", "surface"],
        ["ok", "card"], ["ok", "okLight"], ["muted", "errorLight"],
        ["textOnInverse", "inverseSurface"]
    ]
}
