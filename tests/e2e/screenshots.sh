#!/usr/bin/env bash
# Every page of the web console at 1366×768 and 390×844, Swedish and English, as PNG:
#   bash tests/e2e/screenshots.sh [OUT_DIR]      (default build/ci/web-screenshots; needs the ci build)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/ensure-node-modules.sh"
exec node "$here/screenshots.mjs" "$@"
