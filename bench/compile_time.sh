#!/usr/bin/env bash
# Compile-time measurement: builds a program of about 1,000 lines from the benchmark and
# example programs (each wrapped in a function, so that it compiles but does not run) and
# times `flua compile` of it at each -O level, median of RUNS (default 5), linking included.
# Usage: bash bench/compile_time.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
FLUA="${FLUA:-target/release/flua}"
[ -x "$FLUA" ] || cargo build --release >&2
out=bench/out
mkdir -p "$out"
big="$out/big.lua"
: >"$big"
n=0
while [ "$(wc -l <"$big")" -lt 1000 ]; do
  for f in bench/*.lua examples/*.lua tests/run/closures.lua tests/run/oop_classes.lua tests/run/string_format.lua; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    { echo "local function program_$n(...)"; cat "$f"; echo "end"; } >>"$big"
  done
done
echo "print('compiled')" >>"$big"
lines=$(wc -l <"$big")
for opt in Debug Release Size; do
  : >"$out/ct.$opt"
  for _ in $(seq "$RUNS"); do
    t0=$(date +%s%N)
    "$FLUA" compile "$big" -O "$opt" -o "$out/big"
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }' >>"$out/ct.$opt"
  done
  printf "%d lines, -O %-7s %s s (median of %d)\n" "$lines" "$opt" "$(sort -g "$out/ct.$opt" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" "$RUNS"
done
"$out/big"
