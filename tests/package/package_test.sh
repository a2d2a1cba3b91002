#!/usr/bin/env bash
# The Debian package, checked the way an operator meets it: build it with CPack from this build, check its
# contents, control files and the systemd unit (systemd-analyze verify), then run the packaged server exactly as
# the unit's ExecStart says — its Environment, its credentials directory, as an unprivileged user with no new
# privileges — and ask /healthz over TLS; finally SIGTERM must drain and exit 0.
# There is no systemd as PID 1 here, so the unit itself is verified, not started (see docs/operator-guide.md for
# the full install on a Debian 12 host).
# Usage: package_test.sh BUILD_DIR
set -euo pipefail
build_dir=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/faltlogg-package.XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "package_test: $*" >&2; exit 1; }

(cd "$build_dir" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/out/faltlogg-server_*.deb)
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

dpkg-deb -c "$deb" >"$work/contents"
for f in ./usr/bin/faltlogg-server ./usr/bin/faltlogg-admin ./lib/systemd/system/faltlogg-server.service \
         ./etc/faltlogg/server.conf ./usr/share/faltlogg/forms/ ./usr/share/faltlogg/criteria/; do
  grep -q " $f" "$work/contents" || fail "the package lacks $f"
done
dpkg-deb -f "$deb" Depends | grep -q libsodium || fail "Depends does not name libsodium"
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/faltlogg/server.conf "$work/control/conffiles" || fail "server.conf is not a conffile"
for script in postinst prerm postrm; do sh -n "$work/control/$script" || fail "$script does not parse"; done

dpkg-deb -x "$deb" "$work/root"
unit="$work/root/lib/systemd/system/faltlogg-server.service"
# systemd's own checker, with ExecStart pointing at the unpacked binary (verify checks that it exists) and the
# host's units for the targets the unit names.
sed "s#/usr/bin/faltlogg-server#$work/root/usr/bin/faltlogg-server#" "$unit" >"$work/faltlogg-server.service"
SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "$work/faltlogg-server.service" >"$work/verify.log" 2>&1 \
  || { cat "$work/verify.log"; fail "systemd-analyze verify refused the unit"; }
if grep -q . "$work/verify.log"; then cat "$work/verify.log"; fail "systemd-analyze verify warned about the unit"; fi
for setting in NoNewPrivileges=yes ProtectSystem=strict DynamicUser=yes StateDirectory=faltlogg \
               "CapabilityBoundingSet=" KillSignal=SIGTERM; do
  grep -qx "$setting" "$unit" || fail "the unit lacks $setting"
done

# Run the unit's ExecStart with its environment, as systemd would fill it in.
state="$work/state"; creds="$work/credentials"
mkdir -p "$state" "$creds"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$creds/server.key" -out "$creds/server.pem" \
  >/dev/null 2>&1
chmod 755 "$work"; chmod 700 "$creds" "$state"; chown -R nobody "$state" "$creds"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
exec_start=${exec_start//'${CREDENTIALS_DIRECTORY}'/$creds}
exec_start=${exec_start//\/var\/lib\/faltlogg/$state}
exec_start=${exec_start//\/etc\/faltlogg/$work\/root\/etc\/faltlogg}
exec_start=${exec_start//\/usr\/bin/$work\/root\/usr\/bin}
mapfile -t environment < <(sed -n 's/^Environment=//p' "$unit" | sed "s#=/usr/share#=$work/root/usr/share#")
# shellcheck disable=SC2086
setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs --inh-caps=-all \
  env -i "${environment[@]}" $exec_start --listen 127.0.0.1:0 --port-file "$state/port" --metrics-listen 127.0.0.1:0 --kdf test_fast \
  >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$state/port" ] && break; sleep 0.1; done
[ -s "$state/port" ] || { cat "$work/server.log"; fail "the packaged server did not start"; }
port=$(cat "$state/port")
answer=$(curl -sS --cacert "$creds/server.pem" "https://localhost:$port/healthz")
[ "$answer" = '{"status":"ok"}' ] || fail "healthz answered: $answer"
[ "$(stat -c %U "$state/faltlogg.db")" = nobody ] || fail "the store is not owned by the service user"
kill -TERM "$pid"
wait "$pid" && code=0 || code=$?
pid=""
[ "$code" -eq 0 ] || { cat "$work/server.log"; fail "SIGTERM exit code $code"; }
grep -q '"draining"' "$work/server.log" || fail "no drain on SIGTERM"
echo "package_test: 1 passed, 0 failed"
