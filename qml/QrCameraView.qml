// The camera view of "Skanna QR-kod": the viewfinder, a frame to aim with, what to do, and Avbryt. The
// frames go to the setup page's QrScanner (decoded on a worker thread); it closes the view when a link
// is read. Only loaded where a camera exists (QMediaDevices::videoInputs()).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtMultimedia
import Faltlogg.Models

Rectangle {
    id: view
    objectName: "qrCameraView"
    property QrScanner scanner
    signal closed()
    color: Theme.inverseSurface

    CaptureSession {
        camera: Camera {
            id: camera
            active: true
            onErrorOccurred: (error, errorString) => cameraProblem.text =
                qsTr("Kameran kunde inte startas. Skriv koden i stället.")
        }
        videoOutput: output
    }
    VideoOutput {
        id: output
        anchors.fill: parent
        fillMode: VideoOutput.PreserveAspectCrop
        Component.onCompleted: if (view.scanner) view.scanner.videoSink = output.videoSink
    }
    onScannerChanged: if (scanner) scanner.videoSink = output.videoSink
    Component.onDestruction: if (scanner) scanner.videoSink = null

    Rectangle {  // where to hold the code
        anchors.centerIn: parent
        width: Math.min(parent.width, parent.height) * 0.6
        height: width
        color: "transparent"
        border.color: Theme.textOnPrimary
        border.width: 3
        radius: 12
    }

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.margin
        spacing: Theme.gap
        Label {
            id: cameraProblem
            objectName: "cameraProblem"
            Layout.fillWidth: true
            visible: text.length > 0
            color: Theme.textOnPrimary
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontBody
            padding: 8
            background: Rectangle { color: Theme.alertFill; radius: 8 }
        }
        Label {
            objectName: "scanHint"
            Layout.fillWidth: true
            text: view.scanner ? view.scanner.hint : ""
            color: Theme.textOnPrimary
            wrapMode: Text.WordWrap
            font.pixelSize: Theme.fontBody
            horizontalAlignment: Text.AlignHCenter
            padding: 8
            background: Rectangle { color: Theme.primary; radius: 8 }
        }
        ActionButton {
            objectName: "cancelScanButton"
            Layout.fillWidth: true
            text: qsTr("Avbryt")
            Accessible.name: qsTr("Sluta skanna")
            onClicked: view.closed()
        }
    }
}
