#!/usr/bin/env bash
# Instructions executed by `validate` per byte of document, at 1×, 4×, 16× and 64× the reference
# workload, counted by callgrind (deterministic, unlike time on a shared machine). Flat numbers
# mean the validator does linear work; growing numbers would show a super-linear rule.
# Needs valgrind. Usage: scripts/validate-instructions.sh [SIZES...]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p flow-model --example validate_scaled
bin=target/release/examples/validate_scaled
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-6s %12s %16s %10s\n' size bytes instructions instr/B
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 4 16 64)
for k in "${sizes[@]}"; do
  line=$(valgrind --tool=callgrind --callgrind-out-file="$out/cg.$k" \
    --toggle-collect='*run_validate*' "$bin" "$k" 2>/dev/null)
  bytes=$(sed -E 's/^[0-9]+x: ([0-9]+) bytes.*/\1/' <<<"$line")
  ir=$(callgrind_annotate "$out/cg.$k" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done {gsub(",", "", $1); print $1; done = 1}')
  awk -v k="$k" -v b="$bytes" -v ir="$ir" 'BEGIN { printf "%-6s %12d %16d %10.2f\n", k "x", b, ir, ir / b }'
done
