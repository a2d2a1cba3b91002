#!/usr/bin/env bash
# App benchmark: 20 cold starts of the tablet app offscreen against a prepared demo store; prints the
# median and max of (1) process start → unlock screen drawn, (2) unlock → home screen drawn, (3) tap on
# "Spara" → new record drawn in the home list. Usage: tests/bench/app/run.sh [runs]
# Uses FALTLOGG_BUILD_DIR if set, else the first of build/release, build/ci, build/app, build/dev.
# FALTLOGG_KDF picks the store's Argon2id strength (default interactive, as on a tablet).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
runs="${1:-20}"
build=""
for d in "${FALTLOGG_BUILD_DIR:-}" "$root/build/release" "$root/build/ci" "$root/build/app" "$root/build/dev"; do
  if [ -n "$d" ] && [ -f "$d/CMakeCache.txt" ]; then build="$d"; break; fi
done
[ -n "$build" ] || { echo "app bench: no configured build directory" >&2; exit 1; }
cmake --build "$build" --target faltlogg-app-bench -j2 >/dev/null
bench="$(find "$build" -name faltlogg-app-bench -type f -perm -u+x | head -n1)"
export QT_QPA_PLATFORM=offscreen FALTLOGG_KDF="${FALTLOGG_KDF:-interactive}"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/faltlogg-xdg.XXXXXX)}"
chmod 700 "$XDG_RUNTIME_DIR"
work="$(mktemp -d /tmp/faltlogg-app-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
"$bench" prepare "$work/template"
results="$work/results"
for i in $(seq 1 "$runs"); do
  rm -rf "$work/store" && cp -r "$work/template" "$work/store"   # every run starts from the same store
  "$bench" run "$work/store" >> "$results"
done
python3 - "$results" "$runs" "$FALTLOGG_KDF" <<'PY'
import re, statistics, sys
rows = [dict((k, int(v)) for k, v in re.findall(r"(\w+)_ms=(\d+)", line)) for line in open(sys.argv[1])]
print(f"app benchmark: {len(rows)} of {sys.argv[2]} runs, offscreen, KDF {sys.argv[3]}")
print(f"{'measure':<44}{'median ms':>10}{'max ms':>10}")
for key, label in (("start", "process start → unlock screen drawn"),
                   ("unlock", "unlock (Argon2id) → home screen drawn"),
                   ("stored", "tap Spara → record stored, in the list model"),
                   ("save", "tap Spara → record drawn in the home list")):
    values = [r[key] for r in rows]
    print(f"{label:<44}{statistics.median(values):>10.0f}{max(values):>10}")
total = [r["start"] + r["unlock"] for r in rows]
print(f"{'cold start → interactive home (sum)':<44}{statistics.median(total):>10.0f}{max(total):>10}")
PY
