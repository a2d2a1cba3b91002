#!/usr/bin/env bash
# Client benchmarks: save p50/p99, list/decrypt of 10 000 records and end-to-end sync of 100 000 records against
# the real server, each beside plain SQLite doing the same rows in the same run. Prints a table.
# Usage: tests/bench/client/run.sh [--save N] [--list N] [--sync N]
# Uses FALTLOGG_BUILD_DIR if set, else the first of build/release, build/ci, build/client, build/dev that exists.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
dirs=("${FALTLOGG_BUILD_DIR:-}" "$root/build/release" "$root/build/ci" "$root/build/client" "$root/build/dev")
build=""
for d in "${dirs[@]}"; do
  if [ -n "$d" ] && [ -f "$d/CMakeCache.txt" ]; then build="$d"; break; fi
done
if [ -z "$build" ]; then
  echo "client bench: no configured build directory; run: cmake --preset release" >&2
  exit 1
fi
cmake --build "$build" --target faltlogg-client-bench faltlogg-server faltlogg-admin -j2 >/dev/null
bench="$(find "$build" -name faltlogg-client-bench -type f -perm -u+x | head -n1)"
echo "client benchmarks (build: $build, $(nproc) cores)"
"$bench" "$@"
