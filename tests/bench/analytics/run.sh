#!/usr/bin/env bash
# Analytics benchmark: the server's criteria report and aggregate read path (SqliteStore rollups) vs a plain SQLite GROUP BY.
# Usage: tests/bench/analytics/run.sh [BUILD_DIR] [--contacts N] [--rounds R] [--seed S]
# Builds nothing: BUILD_DIR (default build/release) must already hold tests/bench/analytics/analytics_bench,
# e.g. cmake --build build/release --target analytics_bench. Use a Release build for the numbers.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
build="$root/build/release"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then build="$1"; shift; fi
bin="$build/tests/bench/analytics/analytics_bench"
if [ ! -x "$bin" ]; then
  echo "run.sh: $bin not found; build it first: cmake --build $build --target analytics_bench" >&2
  exit 2
fi
exec "$bin" "$@"
