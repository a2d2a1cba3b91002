#!/usr/bin/env bash
# Side by side over HTTPS, same run, same 100 000 field-contact documents: faltlogg-cli against the real
# faltlogg-server beside PouchDB replication against express-pouchdb (leveldb, default batch size 100).
# A device pushes N, then a fresh device pulls N. Prints a table with ratios and the load average.
# Usage: tests/bench/pouchdb/run.sh [N]   (needs the npm registry once; modules are cached)
# Uses FALTLOGG_BUILD_DIR if set, else the first of build/release, build/ci, build/dev that exists.
set -euo pipefail
n="${1:-100000}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
build=""
for d in "${FALTLOGG_BUILD_DIR:-}" "$root/build/release" "$root/build/ci" "$root/build/dev"; do
  if [ -n "$d" ] && [ -f "$d/CMakeCache.txt" ]; then build="$d"; break; fi
done
[ -n "$build" ] || { echo "pouchdb bench: no configured build directory; run: cmake --preset release" >&2; exit 1; }
modules="${FALTLOGG_POUCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/faltlogg-bench-pouchdb}"
mkdir -p "$modules"
cp "$here/package.json" "$modules/package.json"
if ! (cd "$modules" && npm install --no-audit --no-fund --loglevel=error >"$modules/npm.log" 2>&1); then
  echo "pouchdb bench: npm install of pouchdb/express-pouchdb failed (is the npm registry reachable?)" >&2
  tail -n 5 "$modules/npm.log" >&2
  exit 1
fi
cmake --build "$build" --target faltlogg-client-bench faltlogg-server faltlogg-admin faltlogg-cli -j2 >/dev/null
bench="$(find "$build" -name faltlogg-client-bench -type f -perm -u+x | head -n1)"

work="$(mktemp -d)"
server_pid=""
cleanup() { [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

ours="$("$bench" --cli-sync "$n" --docs "$work/docs.ndjson")"

bash "$root/certs/gen-dev-certs.sh" "$work/certs" >/dev/null
mkdir -p "$work/server" "$work/client"
POUCH_MODULES="$modules" node "$here/pouch_bench.mjs" serve "$work/server" "$work/certs" "$work/port" &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "pouchdb bench: express-pouchdb did not start" >&2; exit 1; }
theirs="$(POUCH_MODULES="$modules" NODE_EXTRA_CA_CERTS="$work/certs/ca.pem" \
  node "$here/pouch_bench.mjs" replicate "$work/docs.ndjson" "https://127.0.0.1:$(cat "$work/port")/bench" "$work/client")"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$2"; }
row() {  # label, our ms, their ms
  awk -v l="$1" -v o="$2" -v t="$3" 'BEGIN { printf "| %-24s | %12.2f s | %12.2f s | %8.1fx |\n", l, o/1000, t/1000, t/o }'
}
echo "PouchDB side by side, $n documents over HTTPS (build: $build, $(nproc) cores)"
echo "load average before: $load_before, after: $load_after"
printf '| %-24s | %14s | %14s | %9s |\n' "measurement" "faltlogg-cli" "PouchDB 9" "ratio"
echo "|--------------------------|----------------|----------------|-----------|"
row "push $n" "$(field push_ms "$ours")" "$(field push_ms "$theirs")"
row "fresh pull $n" "$(field pull_ms "$ours")" "$(field pull_ms "$theirs")"
echo "faltlogg-cli, where the time goes:"
grep "^per " <<<"$ours"
