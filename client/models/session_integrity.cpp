// Session: telling the worker that the store's file was changed outside the app (decision 0093). The
// unlock found and restored altered rows, a moved cursor or an altered attempt limit; a listing found rows
// whose bookkeeping no longer verifies (changed while the app ran) or that do not open. Nothing is hidden
// or dropped: the bar says what happened and what to do, in Swedish first.
#include "models/session.hpp"

#include <QStringList>

#include <algorithm>

namespace faltlogg::client {

void Session::noteUnreadableRows(const std::vector<UnreadableRow>& rows) {
  // An entry without an id says the listing itself failed (locked, destroyed): not a row of the file.
  const int count = int(std::count_if(rows.begin(), rows.end(), [](const UnreadableRow& row) { return !row.id.empty(); }));
  if (count == unreadableRows_) return;
  unreadableRows_ = count;
  updateIntegrityWarning();
}

void Session::updateIntegrityWarning() {
  const auto& report = unlockReport_;
  QStringList what;
  const int restored = int(report.restored.size()) + report.restoredDuringSync;
  if (restored > 0) {
    what << (restored == 1 ? tr("1 registrering hade ändrats i surfplattans fil. Den är återställd från den krypterade "
                                "kopian och skickas till servern igen.")
                           : tr("%1 registreringar hade ändrats i surfplattans fil. De är återställda från den "
                                "krypterade kopian och skickas till servern igen.")
                                 .arg(restored));
  }
  const int unreadable = std::max(int(report.unreadable.size()), unreadableRows_);
  if (unreadable > 0) {
    what << (unreadable == 1 ? tr("1 registrering har ändrats eller går inte att öppna. Starta om appen och lås upp "
                                  "med lösenfrasen, så återställs det som går.")
                             : tr("%1 registreringar har ändrats eller går inte att öppna. Starta om appen och lås "
                                  "upp med lösenfrasen, så återställs det som går.")
                                   .arg(unreadable));
  }
  if (report.cursorReset) {
    what << tr("Synkens position hade ändrats. Nästa synk hämtar allt från servern igen.");
  }
  if (report.limitRestored) {
    what << tr("Gränsen för felaktiga lösenfraser hade ändrats och är återställd.");
  }
  if (what.isEmpty()) {
    sync_->setIntegrityWarning({});
    return;
  }
  what << tr("Meddela systemförvaltaren: någon kan ha kommit åt surfplattans filer.");
  sync_->setIntegrityWarning(what.join(QLatin1Char(' ')));
}

}  // namespace faltlogg::client
