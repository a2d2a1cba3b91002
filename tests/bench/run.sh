#!/usr/bin/env bash
# Runs every benchmark area that has a run.sh and prints their tables. Not part of the test command:
# benchmarks measure, they do not pass or fail. Usage: tests/bench/run.sh [area ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
areas=("$@")
if [ "${#areas[@]}" -eq 0 ]; then
  for d in "$here"/*/; do [ -x "$d/run.sh" ] && areas+=("$(basename "$d")"); done
fi
for a in "${areas[@]}"; do
  echo "=== bench: $a ==="
  bash "$here/$a/run.sh"
done
