#!/usr/bin/env bash
# Runs each libFuzzer harness in fuzz/ for a bounded time (FUZZ_SECONDS,
# default 20) with AddressSanitizer and UndefinedBehaviorSanitizer.  The
# parsers and the rule engine are plain C, so this needs no server.  A crash, leak, sanitizer
# report or failed invariant fails the run.
# Usage: bash tools/fuzz.sh            (longer: FUZZ_SECONDS=600 bash tools/fuzz.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fuzz() {
    local name=$1; shift
    echo "--- $name: ${seconds}s"
    clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -Isrc "fuzz/$name.c" "$@" -o "$work/$name"
    mkdir -p "$work/corpus-$name"
    "$work/$name" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$work/" "$work/corpus-$name" 2>&1 |
        grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==.*ERROR|SUMMARY|.*Test unit written)" || true
    # libFuzzer exits non-zero on any finding; PIPESTATUS keeps its status
    return "${PIPESTATUS[0]}"
}

[ -f fuzz/fuzz_scope.c ] && fuzz fuzz_scope src/scope_parse.c src/scope_set.c
[ -f fuzz/fuzz_stdref.c ] && fuzz fuzz_stdref src/stdref_parse.c src/stdref_normalize.c src/stdref_format.c src/stdref_cmp.c
# the engine: its pure files, with the shim of tests/unit for palloc
engine=$(sed -n 's/^ENGINE *= *//p' src/engine.mk)
[ -f fuzz/fuzz_engine.c ] && fuzz fuzz_engine -DISMS_STANDALONE -Itests/unit \
    tests/unit/shim.c $(for f in $engine; do echo "src/$f.c"; done)
echo "fuzzing: no findings"
