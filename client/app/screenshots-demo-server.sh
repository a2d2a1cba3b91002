#!/usr/bin/env bash
# Screenshots of the tablet app against the REAL server with its demo data (not the app's --demo fixtures):
# starts faltlogg-server on 127.0.0.1 with `faltlogg-admin demo-data`, enrols one tablet per user with a
# one-use code from `faltlogg-admin enrol`, and lets each tablet photograph every main screen offscreen
# (Swedish and English; portrait, landscape and narrow).
#   client/app/screenshots-demo-server.sh [OUT_DIR] [USER ...]
# Defaults: OUT_DIR=build/ci/screenshots-demo-server, users falt.anna (field worker), lead.ali (team lead who
# also does field work) and lead.maria (team lead only). FALTLOGG_BUILD picks another build directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
build="${FALTLOGG_BUILD:-$root/build/ci}"
out="${1:-$build/screenshots-demo-server}"
shift || true
users=("$@")
[ ${#users[@]} -gt 0 ] || users=(falt.anna lead.ali lead.maria)

server="$(find "$build" -name faltlogg-server -type f -perm -u+x | head -n1)"
admin="$(find "$build" -name faltlogg-admin -type f -perm -u+x | head -n1)"
app="$(find "$build" -name faltlogg -type f -perm -u+x | head -n1)"
if [ -z "$server" ] || [ -z "$admin" ] || [ -z "$app" ]; then
  echo "screenshots: build faltlogg-server, faltlogg-admin and faltlogg first (in $build)" >&2
  exit 1
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

export FALTLOGG_KDF=test_fast QT_QPA_PLATFORM=offscreen QT_QUICK_CONTROLS_STYLE=Material
bash certs/gen-dev-certs.sh "$work/certs" >/dev/null
"$admin" --data-dir "$work/data" demo-data >"$work/demo.txt"
"$server" --data-dir "$work/data" --listen 127.0.0.1:0 --port-file "$work/port" \
  --metrics-listen 127.0.0.1:0 --cert "$work/certs/server.pem" --key "$work/certs/server.key" \
  --kdf test_fast 2>>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "screenshots: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

mkdir -p "$out"
for user in "${users[@]}"; do
  link=$("$admin" --data-dir "$work/data" enrol "$user" --qr none | sed -n 's/^URI: //p')
  [ -n "$link" ] || { echo "screenshots: no enrolment code for $user" >&2; exit 1; }
  rm -rf "${out:?}/$user"
  "$app" --data-dir "$work/tablet-$user" --enrol "$link" --screenshots "$out/$user"
done
echo "screenshots: $(find "$out" -name '*.png' | wc -l) PNG files in $out"
