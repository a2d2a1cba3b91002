#!/usr/bin/env bash
# PostgreSQL beside SQLite: push ingest over TLS (1 node each) and raw PostgreSQL inserts, then a pull of 100 000.
# Usage: tests/bench/server/run_postgres.sh [CLIENTS [BATCHES_PER_CLIENT [RECORDS_PER_BATCH [ROUNDS [PULL_RECORDS]]]]]
# Build dir: $FALTLOGG_BUILD_DIR, else build/release (configured and built here if needed).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
build="${FALTLOGG_BUILD_DIR:-$root/build/release}"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target server_postgres_bench -j"$(nproc)" >/dev/null
exec "$build/tests/bench/server/server_postgres_bench" "$@"
