// Shared by the tst_*.qml files: the demo store's passphrase and UI helpers.
.pragma library

// Must match kDemoPassphrase in client/models/demo_data.hpp.
var demoPassphrase = "demo lösenfras för fältlogg"

// Types text key by key; QTest can only synthesise ASCII keys, so other characters (å, ä, ö) are
// inserted at the cursor as an input method would.
function typeText(test, input, text) {
    for (const c of text) {
        if (c.charCodeAt(0) < 128)
            test.keyClick(c)
        else
            input.insert(input.cursorPosition, c)
    }
}
