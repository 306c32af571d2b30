#!/usr/bin/env bash
# Compile time of a 50-screen flow written with flow! against the same document written with
# serde_json::json!: deps prebuilt, then `touch src/lib.rs && cargo build -p CRATE` timed 3x.
set -euo pipefail
cd "$(dirname "$0")/../tests/compile-bench"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
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
declare -A total
for crate in macro_flow json_flow; do
    total[$crate]=0
    for run in 1 2 3; do
        t=$(time_one "$crate")
        echo "$crate run $run: ${t}s"
        total[$crate]=$(echo "${total[$crate]} + $t" | bc)
    done
done
m=$(echo "scale=3; ${total[macro_flow]} / 3" | bc)
j=$(echo "scale=3; ${total[json_flow]} / 3" | bc)
echo "mean flow!: ${m}s  mean json!: ${j}s  ratio flow!/json!: $(echo "scale=2; $m / $j" | bc)"
