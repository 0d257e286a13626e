#!/bin/sh
# Runs one libFuzzer target for a bounded time (called by the fuzz_<target> tests).
# run-fuzzer.sh BINARY SEED_CORPUS WORK_DIR SECONDS MAX_LEN
# The seed corpus stays read only: libFuzzer writes new inputs to the first corpus directory
# only, which is in the build tree. A crash, leak, timeout or out-of-memory fails the test and
# leaves the input in WORK_DIR/artifacts/<target>-*.
set -eu
binary=$1 seeds=$2 work=$3 seconds=$4 maxlen=$5
name=$(basename "$binary")
mkdir -p "$work/corpus/$name" "$work/artifacts"
exec "$binary" -max_total_time="$seconds" -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/$name-" "$work/corpus/$name" "$seeds"
