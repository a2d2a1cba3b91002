#!/usr/bin/env bash
# ctest's web_console_e2e: npm ci from the lockfile when needed, then the browser tests (run-e2e.mjs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/ensure-node-modules.sh"
exec node "$here/run-e2e.mjs"
