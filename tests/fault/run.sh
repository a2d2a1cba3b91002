#!/usr/bin/env bash
# The long fault run: N randomised kill/stop/restart runs of tests/integration/server/fault_harness_integration_test
# against the real server (the test command runs 3). Usage: tests/fault/run.sh [RUNS] [FIRST_SEED]
# Needs a built build/ci (bash deploy/run-tests.sh, or cmake --preset ci && cmake --build --preset ci).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-1000}"
seed="${2:-20261201}"
binary=$(find build/ci -name server_fault_harness_integration_test -type f -perm -u+x | head -n1)
[ -n "$binary" ] || { echo "build first: bash deploy/run-tests.sh" >&2; exit 2; }
start=$(date +%s)
FALTLOGG_FAULT_RUNS="$runs" FALTLOGG_FAULT_SEED="$seed" "$binary" --gtest_brief=1
echo "fault run: $runs runs from seed $seed, all passed, $(( $(date +%s) - start )) s"
