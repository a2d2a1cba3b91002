#!/usr/bin/env bash
# The one command that installs what is missing, builds, and runs the system: the server on its embedded SQLite
# store with demo data on https://127.0.0.1:8443, and the tablet app when a display is present.
# Usage: deploy/run-demo.sh          (FALTLOGG_PORT, FALTLOGG_DEMO_DIR override the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash deploy/install-deps.sh
# The same optimised build the test command makes (build/ci), so running both builds once.
cmake --preset ci >/dev/null
cmake --build --preset ci -j"$(nproc)"

bin="$root/build/ci"
server="$(find "$bin" -name faltlogg-server -type f -perm -u+x | head -n1)"
admin="$(find "$bin" -name faltlogg-admin -type f -perm -u+x | head -n1)"
app="$(find "$bin" -name faltlogg -type f -perm -u+x | head -n1)"
if [ -z "$server" ] || [ -z "$admin" ]; then
  echo "run-demo: the server binaries were not built; see the build output above." >&2
  exit 1
fi

demo="${FALTLOGG_DEMO_DIR:-$root/.run}"
port="${FALTLOGG_PORT:-8443}"
mkdir -p "$demo/data"
bash certs/gen-dev-certs.sh "$demo/certs" >/dev/null

if [ ! -e "$demo/data/.demo-loaded" ]; then
  echo "run-demo: loading demo data (fictional districts, teams, users and 90 days of records)…"
  "$admin" --data-dir "$demo/data" demo-data | tee "$demo/demo-credentials.txt"
  touch "$demo/data/.demo-loaded"
fi

"$server" --data-dir "$demo/data" --listen "127.0.0.1:$port" \
  --cert "$demo/certs/server.pem" --key "$demo/certs/server.key" 2>>"$demo/server.log" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null' EXIT INT TERM

for _ in $(seq 1 100); do
  curl -fsS --cacert "$demo/certs/ca.pem" "https://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

cat <<INFO

Fältlogg is running.
  Web console: https://127.0.0.1:$port/   — open it in a browser and sign in as
                 lead.maria / lead.maria-demo   (team lead: Teamet mot standarden, Granska, Per medarbetare)
                 fou.eva / fou.eva-demo         (evaluator: Kriterier, Tabeller, Rapport)
                 admin / admin-demo             (admin: users, teams, devices, targets, audit)
               The certificate is the demo's own: import $demo/certs/ca.pem as a trusted authority in the
               browser, or accept the warning once for 127.0.0.1.
  Server:      https://127.0.0.1:$port   (CA to trust: $demo/certs/ca.pem)
  Server log:  $demo/server.log  (JSON lines)
  Demo users:  $demo/demo-credentials.txt
$(sed 's/^/    /' "$demo/demo-credentials.txt" 2>/dev/null | head -n 20)

INFO

# Evaluators see whole months: last month, from its first to its last day.
from=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m-%d)
to=$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m-%d)
cat <<REPORTS
Reports as the demo evaluator (fou.eva), last month, as CSV for a Swedish Excel:
    token=\$(curl -s --cacert $demo/certs/ca.pem -H 'Content-Type: application/json' \\
      -d '{"username":"fou.eva","password":"fou.eva-demo","device_name":"laptop"}' \\
      https://127.0.0.1:$port/api/v1/auth/login | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
    curl -s --cacert $demo/certs/ca.pem -H "Authorization: Bearer \$token" \\
      "https://127.0.0.1:$port/api/v1/criteria/report?from=$from&to=$to&format=csv"
    curl -s --cacert $demo/certs/ca.pem -H "Authorization: Bearer \$token" \\
      "https://127.0.0.1:$port/api/v1/aggregates?measure=contacts&by=district_id,arena&from=$from&to=$to&format=csv"

REPORTS

# A one-use enrolment code for the demo field worker's tablet (valid 15 minutes; the console's
# "Koppla en surfplatta" makes more).
echo "Enrol a tablet as falt.anna (code valid 15 minutes):"
"$admin" --data-dir "$demo/data" enrol falt.anna --qr none 2>&1 | sed 's/^/    /' || true
echo

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -n "$app" ]; then
  echo "Starting the tablet app. At first start choose 'Med kod' and type the code above (or paste the faltlogg://"
  echo "link), then log in as falt.anna / falt.anna-demo. Close the app to stop the server."
  "$app" --data-dir "$demo/tablet" || true
else
  echo "No display here, so the tablet app is not started. The server runs until you press Ctrl+C."
  wait $server_pid
fi
