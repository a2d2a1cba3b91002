#!/usr/bin/env bash
# Part of the test command: builds the libFuzzer targets with clang (ASan + UBSan) in build/fuzz, replays the
# seed corpora, then fuzzes each target briefly. A crash or broken invariant fails the run and leaves the input
# in build/fuzz/run/artifacts/. Longer runs: see tests/fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${FALTLOGG_FUZZ_SECONDS:-20}"

CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DFALTLOGG_FUZZ=ON -DFALTLOGG_BUILD_CLIENT=OFF -DFALTLOGG_BUILD_SERVER=OFF >/dev/null
cmake --build build/fuzz -j"$(nproc)" --target fuzz_record_json fuzz_core_text

run=build/fuzz/run
mkdir -p "$run/artifacts" "$run/record_json" "$run/core_text"
cp tests/fuzz/corpus/record_json/* "$run/record_json/"
cp tests/fuzz/corpus/core_text/* "$run/core_text/"
bin=$(dirname "$(find build/fuzz -name fuzz_record_json -type f | head -n1)")

"$bin/fuzz_record_json" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -dict=tests/fuzz/record_json.dict -artifact_prefix="$run/artifacts/" -print_final_stats=1 \
  "$run/record_json" 2>&1 | tail -n 12
"$bin/fuzz_core_text" -max_total_time="$seconds" -max_len=512 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$run/artifacts/" -print_final_stats=1 "$run/core_text" 2>&1 | tail -n 12
echo "fuzz smoke: no crash in ${seconds}s per target"
