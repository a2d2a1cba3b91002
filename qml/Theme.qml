// Sizes and colours in one place. Every size that text depends on follows textScale, which the user
// sets under Inställningar; touch targets never shrink below 48 px.
pragma Singleton
import QtQuick

QtObject {
    property real textScale: 1.0

    readonly property int touchTarget: 48
    readonly property int gap: 12
    readonly property int margin: 16

    readonly property real fontSmall: 14 * textScale
    readonly property real fontBody: 17 * textScale
    readonly property real fontLabel: 18 * textScale
    readonly property real fontTitle: 22 * textScale
    readonly property real fontHeading: 28 * textScale

    readonly property color primary: "#0b4f8a"
    readonly property color primaryLight: "#dce9f6"
    readonly property color surface: "#f4f6f8"
    readonly property color card: "#ffffff"
    readonly property color text: "#1b1f23"
    readonly property color muted: "#555f6b"
    readonly property color ok: "#1b6e37"
    readonly property color okLight: "#dff2e5"
    readonly property color warning: "#8a4b00"
    readonly property color warningLight: "#fdecd2"
    readonly property color error: "#a4161a"
    readonly property color errorLight: "#fbe2e2"
    readonly property color divider: "#d5dae0"
}
