#!/usr/bin/env bash
# Compile time of a 50-screen flow written with flow! against the same document written with
# serde_json::json!: deps prebuilt, then `touch src/lib.rs && cargo build -p CRATE`, the two
# crates interleaved (A B, B A, A B, ...) so that machine load drifting during the run hits both
# sides alike. RUNS (default 6) rounds, SCREENS (default 50) screens.
#
# Side-effect free: the bench workspace (tests/compile-bench) is copied to a temporary
# directory, generated and built there, and removed at exit; no tracked file is rewritten and
# no target/ is left in the tree. Set CARGO_TARGET_DIR to reuse prebuilt dependencies across
# runs (it is then the only thing written outside the temporary directory); KEEP=1 keeps the
# temporary directory and prints its path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/flow-dsl-compile-bench.XXXXXX")"
cleanup() {
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
cp -R "$root/tests/compile-bench/." "$work/"
rm -rf "$work/target"
# The copy depends on this checkout's flow-dsl, by absolute path.
sed -i.bak "s|path = \"../../flow-dsl\"|path = \"$root/flow-dsl\"|" "$work/Cargo.toml"
rm -f "$work/Cargo.toml.bak"
cd "$work"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$work/target}"
# A clean build of the crate each time: no incremental cache to reuse after `touch`.
export CARGO_INCREMENTAL=0
python3 gen.py "${SCREENS:-50}"
# The json! version is the macro version's output, so both crates hold the same document.
cargo run -q -p dump > json_flow/src/lib.rs
cargo build -q -p macro_flow -p json_flow
time_one() {
    local crate=$1 start end
    touch "$crate/src/lib.rs"
    start=$(date +%s.%N)
    cargo build -q -p "$crate"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
runs="${RUNS:-6}"
declare -A total
total[macro_flow]=0
total[json_flow]=0
for ((run = 1; run <= runs; run++)); do
    if ((run % 2)); then order="macro_flow json_flow"; else order="json_flow macro_flow"; fi
    for crate in $order; do
        t=$(time_one "$crate")
        echo "round $run $crate: ${t}s"
        total[$crate]=$(echo "${total[$crate]} + $t" | bc)
    done
done
m=$(echo "scale=3; ${total[macro_flow]} / $runs" | bc)
j=$(echo "scale=3; ${total[json_flow]} / $runs" | bc)
echo "mean flow!: ${m}s  mean json!: ${j}s  ratio flow!/json!: $(echo "scale=2; $m / $j" | bc)"
