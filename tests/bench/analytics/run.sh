#!/usr/bin/env bash
# Analytics benchmark: the server's criteria report and aggregate read path (SqliteStore rollups) vs a plain
# SQLite GROUP BY over the raw rows, same file, same run.
# Usage: tests/bench/analytics/run.sh [BUILD_DIR] [--contacts N] [--rounds R] [--seed S]
# BUILD_DIR defaults to build/release; it is configured (Release) and analytics_bench built when needed.
# The default N is 10 000 000 contacts: about 7 minutes and 1.3 GB in the temp dir on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
build="$root/build/release"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then build="$1"; shift; fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFALTLOGG_BUILD_CLIENT=OFF >/dev/null
fi
cmake --build "$build" --target analytics_bench -j"$(nproc)" >/dev/null
exec "$build/tests/bench/analytics/analytics_bench" "$@"
