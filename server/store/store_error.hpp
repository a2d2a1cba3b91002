// The one exception type a storage backend lets escape: infrastructure failures (disk full, I/O error,
// corrupt file), never a rule of the domain (those are Problems). The router answers them without
// touching state; a full disk gets its own answer so clients retry later instead of giving up.
#pragma once

#include <stdexcept>

namespace faltlogg::server {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  // True when the write failed for lack of space (ENOSPC, or a file-size limit): retrying later can succeed.
  virtual bool storage_full() const { return false; }
};

}  // namespace faltlogg::server
