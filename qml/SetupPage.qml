// First start: the enrolment code from the team lead's QR code (typed or pasted as a link), or server,
// account and password; then the passphrase that protects the data on this tablet (with its strength
// shown), then the first sync. A setup waiting for the server can be cancelled.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Faltlogg.Models

Page {
    id: page
    objectName: "setupPage"
    title: qsTr("Kom igång")

    readonly property int strength: Session.passphraseStrength(passphrase.text)
    readonly property bool passphrasesMatch: passphrase.text === repeat.text
    readonly property bool codeMode: modeTabs.currentIndex === 0
    readonly property var codeCheck: Session.checkEnrolInput(enrolCode.text)

    readonly property bool hidesSyncBar: true

    // "Skanna QR-kod": the camera view (QrCameraView.qml) feeds its frames to this scanner, which decodes
    // them off the UI thread. The link it reads goes where a typed or pasted link goes.
    QrScanner {
        id: scanner
        objectName: "qrScanner"
        onLinkFound: link => page.useScannedLink(link)
    }

    function useScannedLink(link) {
        modeTabs.currentIndex = 0
        enrolCode.text = link
        scanView.active = false
        passphrase.forceActiveFocus()
    }

    header: PageHeader {
        title: page.title
        showBack: false
    }

    Flickable {
        anchors.fill: parent
        contentHeight: body.implicitHeight + 2 * Theme.margin
        clip: true
        ScrollIndicator.vertical: ScrollIndicator {}

        ColumnLayout {
            id: body
            x: Theme.margin
            y: Theme.margin
            width: parent.width - 2 * Theme.margin
            spacing: 8

            Label {
                Layout.fillWidth: true
                visible: text.length > 0
                text: Session.lockMessage
                color: Theme.error
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontBody
            }

            SectionTitle { text: qsTr("1. Anslut surfplattan"); leftPadding: 0 }
            TabBar {
                id: modeTabs
                objectName: "setupModeTabs"
                Layout.fillWidth: true
                TabButton { objectName: "codeModeTab"; text: qsTr("Med kod"); font.pixelSize: Theme.fontBody; font.capitalization: Font.MixedCase; Accessible.name: text }
                TabButton { objectName: "passwordModeTab"; text: qsTr("Med lösenord"); font.pixelSize: Theme.fontBody; font.capitalization: Font.MixedCase; Accessible.name: text }
            }

            ColumnLayout {
                Layout.fillWidth: true
                Layout.bottomMargin: Theme.gap * 2
                visible: page.codeMode
                spacing: 8
                Label {
                    Layout.fillWidth: true
                    text: scanner.cameraAvailable
                          ? qsTr("Din teamledare visar en QR-kod med en kod. Skanna QR-koden, skriv koden eller "
                                 + "klistra in hela länken (faltlogg://…).")
                          : qsTr("Din teamledare visar en QR-kod med en kod. Skriv koden, eller klistra in hela länken "
                                 + "(faltlogg://…).")
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontSmall
                    color: Theme.muted
                }
                ActionButton {
                    objectName: "scanQrButton"
                    Layout.fillWidth: true
                    Layout.topMargin: Theme.gap
                    visible: scanner.cameraAvailable  // only where the device has a camera
                    primary: false
                    text: qsTr("Skanna QR-kod")
                    onClicked: scanView.active = true
                }
                TextField {
                    id: enrolCode
                    objectName: "enrolCodeField"
                    Layout.fillWidth: true
                    implicitHeight: Theme.buttonHeight
                    Layout.topMargin: Theme.gap
                    placeholderText: qsTr("t.ex. K7QM3-XPR2D")
                    inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhPreferUppercase
                    font.pixelSize: Theme.fontLabel
                    Accessible.name: qsTr("Kod från teamledaren")
                }
                Label {
                    objectName: "enrolCodeHint"
                    Layout.fillWidth: true
                    visible: enrolCode.text.length > 0
                    text: page.codeCheck.ok ? qsTr("Server: %1").arg(page.codeCheck.server) : (page.codeCheck.error || "")
                    color: page.codeCheck.ok ? Theme.muted : Theme.warning
                    wrapMode: Text.WordWrap
                    font.pixelSize: Theme.fontSmall
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                visible: !page.codeMode
                spacing: 8
                Label { text: qsTr("Serverns adress"); font.pixelSize: Theme.fontBody; Accessible.name: text }
                TextField {
                    id: serverUrl
                    objectName: "serverUrlField"
                    Layout.fillWidth: true
                    implicitHeight: Theme.buttonHeight
                    text: Session.savedServerUrl || "https://"
                    inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
                    font.pixelSize: Theme.fontLabel
                    Accessible.name: qsTr("Serverns adress")
                }
                Label { text: qsTr("Användarnamn"); font.pixelSize: Theme.fontBody; Accessible.name: text }
                TextField {
                    id: username
                    objectName: "usernameField"
                    Layout.fillWidth: true
                    implicitHeight: Theme.buttonHeight
                    inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                    font.pixelSize: Theme.fontLabel
                    Accessible.name: qsTr("Användarnamn")
                }
                Label { text: qsTr("Lösenord"); font.pixelSize: Theme.fontBody; Accessible.name: text }
                TextField {
                    id: password
                    objectName: "passwordField"
                    Layout.fillWidth: true
                    implicitHeight: Theme.buttonHeight
                    echoMode: TextInput.Password
                    font.pixelSize: Theme.fontLabel
                    Accessible.name: qsTr("Lösenord")
                }
                Label {
                    text: qsTr("Serverns CA-certifikat (fil, bara för test och utveckling)")
                    font.pixelSize: Theme.fontSmall
                    color: Theme.muted
                }
                TextField {
                    id: caFile
                    objectName: "caFileField"
                    Layout.fillWidth: true
                    implicitHeight: Theme.buttonHeight
                    placeholderText: Session.hasBundledCa ? qsTr("Tomt = det inbyggda certifikatet") : "/…/ca.pem"
                    font.pixelSize: Theme.fontBody
                    Accessible.name: qsTr("Sökväg till serverns CA-certifikat")
                }
            }

            SectionTitle { text: qsTr("2. Lösenfras för surfplattan"); leftPadding: 0 }
            Label {
                Layout.fillWidth: true
                text: qsTr("Lösenfrasen skyddar uppgifterna på surfplattan. Den kan inte återställas: glömmer du den "
                           + "loggar du in på nytt och det som inte är synkat går förlorat.")
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.fontSmall
                color: Theme.muted
            }
            TextField {
                id: passphrase
                objectName: "newPassphraseField"
                Layout.fillWidth: true
                implicitHeight: Theme.buttonHeight
                echoMode: TextInput.Password
                placeholderText: qsTr("Lösenfras")
                font.pixelSize: Theme.fontLabel
                Accessible.name: qsTr("Ny lösenfras")
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 4
                Repeater {
                    model: 4
                    delegate: Rectangle {
                        required property int index
                        Layout.fillWidth: true
                        height: 8
                        radius: 4
                        color: index < page.strength ? (page.strength >= 2 ? Theme.ok : Theme.warning) : Theme.divider
                    }
                }
            }
            Label {
                objectName: "strengthLabel"
                Layout.fillWidth: true
                text: Session.passphraseAdvice(passphrase.text)
                font.pixelSize: Theme.fontSmall
                color: page.strength >= 2 ? Theme.ok : Theme.warning
                wrapMode: Text.WordWrap
                Accessible.name: qsTr("Lösenfrasens styrka: %1").arg(text)
            }
            TextField {
                id: repeat
                objectName: "repeatPassphraseField"
                Layout.fillWidth: true
                implicitHeight: Theme.buttonHeight
                echoMode: TextInput.Password
                placeholderText: qsTr("Samma lösenfras igen")
                font.pixelSize: Theme.fontLabel
                Accessible.name: qsTr("Upprepa lösenfrasen")
            }
            Label {
                visible: repeat.text.length > 0 && !page.passphrasesMatch
                text: qsTr("Lösenfraserna är inte lika.")
                color: Theme.error
                font.pixelSize: Theme.fontBody
            }

            Label {
                objectName: "setupError"
                Layout.fillWidth: true
                visible: text.length > 0
                text: Session.setupError
                color: Theme.error
                font.pixelSize: Theme.fontBody
                wrapMode: Text.WordWrap
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
            RowLayout {
                Layout.fillWidth: true
                visible: Session.setupBusy
                spacing: Theme.gap
                BusyIndicator { running: Session.setupBusy }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Ansluter till servern …")
                    font.pixelSize: Theme.fontBody
                    wrapMode: Text.WordWrap
                }
                ActionButton {
                    objectName: "cancelSetupButton"
                    primary: false
                    text: qsTr("Avbryt")
                    onClicked: Session.cancelSetup()
                }
            }
            ActionButton {
                objectName: "connectButton"
                Layout.fillWidth: true
                Layout.topMargin: Theme.gap
                implicitHeight: Math.max(64, implicitContentHeight + 24)
                text: qsTr("Anslut och synka")
                enabled: !Session.setupBusy && page.strength >= 1 && page.passphrasesMatch
                         && (page.codeMode ? page.codeCheck.ok === true
                                           : username.text.length > 0 && password.text.length > 0)
                Accessible.name: text
                onClicked: page.codeMode ? Session.enrol(enrolCode.text, passphrase.text)
                                         : Session.setUp(serverUrl.text, username.text, password.text, caFile.text,
                                                         passphrase.text)
            }
        }
    }

    // Loaded only while scanning: the camera runs only then, and a tablet without Qt Multimedia's QML
    // module or a camera never loads it.
    Loader {
        id: scanView
        objectName: "scanView"
        anchors.fill: parent
        active: false
        source: "QrCameraView.qml"
        onLoaded: item.scanner = scanner
        Connections {
            target: scanView.item
            function onClosed() { scanView.active = false }
        }
    }
}
