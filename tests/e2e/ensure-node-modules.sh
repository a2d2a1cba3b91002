#!/usr/bin/env bash
# Installs tests/e2e/node_modules from package-lock.json with `npm ci`, only when the lockfile changed since
# the last install (its hash is kept in node_modules), so repeated test runs need no network.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "web console tests: $tool is missing; run deploy/install-deps.sh" >&2; exit 1; }
done
chromium="${FALTLOGG_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] || { echo "web console tests: $chromium is missing; run deploy/install-deps.sh" >&2; exit 1; }
stamp="$here/node_modules/.faltlogg-lock-sha256"
hash=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$hash" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$hash" >"$stamp"
fi
