// `faltlogg-admin enrol USERNAME`: a one-use enrolment code for a tablet, printed as text, as the
// faltlogg://enrol URI and as a QR code for the terminal (libqrencode), against the data dir.
#pragma once

#include "store/store.hpp"

#include <map>
#include <ostream>
#include <string>

namespace faltlogg::server {

// options: "server-url" and "cert" override what the server published in DATA_DIR/server_identity.json
// at its last start; "qr" = ansi (default) | none.
int admin_enrol(Store& store, const std::string& data_dir, const std::string& username,
                const std::map<std::string, std::string>& options, std::ostream& out, std::ostream& err);

// The QR code of `text` as lines of "▀" whose foreground is the upper module and background the lower
// one, with explicit ANSI colours, so it scans on dark and light terminals alike; 4 modules quiet zone.
// Empty when the text cannot be encoded.
std::string render_qr_ansi(const std::string& text);

}  // namespace faltlogg::server
