#!/usr/bin/env bash
# Push ingest benchmark: the server over TLS loopback against raw batched SQLite inserts, same run.
# Usage: tests/bench/server/run.sh [CLIENTS [BATCHES_PER_CLIENT [RECORDS_PER_BATCH [ROUNDS]]]]
# Build dir: $FALTLOGG_BUILD_DIR, else build/release (configured and built here if needed).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
build="${FALTLOGG_BUILD_DIR:-$root/build/release}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target server_push_ingest_bench -j"$(nproc)" >/dev/null
exec "$build/tests/bench/server/server_push_ingest_bench" "$@"
