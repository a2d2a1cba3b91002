#!/usr/bin/env bash
# The one command that installs what is missing, builds everything and runs every test.
# Usage: deploy/run-tests.sh            (build dir: build/ci; warnings are errors)
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/install-deps.sh

# Paths relative to the checkout in ccache's hashes, so a fresh clone elsewhere reuses objects compiled
# from another checkout of the same sources (debug info may then name that checkout's paths).
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=true

export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/faltlogg-xdg.XXXXXX)}"
chmod 700 "$XDG_RUNTIME_DIR"
jobs=$(nproc)

start=$(date +%s)
cmake --preset ci
cmake --build --preset ci -j"$jobs"
echo "build: $(( $(date +%s) - start )) s"

ctest --preset ci -j"$jobs" --timeout 300

if [ -x tests/fuzz/smoke.sh ]; then
  bash tests/fuzz/smoke.sh
fi
