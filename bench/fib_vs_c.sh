#!/usr/bin/env bash
# Numeric recursion against C: the doubly recursive Fibonacci of bench/fib.lua, as a Lua
# program compiled by flua (-O Release) and as the same program in C built at -O2 by the
# C compiler `cc` (and by clang, when one is on the PATH), timed interleaved, median of
# RUNS runs (default 11). Prints milliseconds and flua's time as a multiple of each C
# build's (below 1: flua faster). fib(N), N=38 unless given: long enough (about 0.1 s)
# for start-up not to count.
# Usage: bash bench/fib_vs_c.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-38}"
RUNS="${RUNS:-11}"
FLUA="${FLUA:-target/release/flua}"
[ -x "$FLUA" ] || cargo build --release >&2
out=bench/out/fib_vs_c
mkdir -p "$out"

cat >"$out/fib.lua" <<EOF
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib($N))
EOF
cat >"$out/fib.c" <<EOF
#include <stdio.h>
static long long fib(long long n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }
int main(void) { printf("%lld\n", fib($N)); return 0; }
EOF
"$FLUA" compile "$out/fib.lua" -o "$out/flua"
builds=(flua)
cc -O2 "$out/fib.c" -o "$out/cc"
builds+=(cc)
for clang in clang clang-19; do
  if command -v "$clang" >/dev/null 2>&1; then
    "$clang" -O2 "$out/fib.c" -o "$out/clang"
    builds+=(clang)
    break
  fi
done
want=$("$out/cc")
for b in "${builds[@]}"; do
  [ "$("$out/$b")" = "$want" ] || { echo "$b prints a different result" >&2; exit 1; }
  : >"$out/$b.times"
done

ms_once() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) / 1e6 }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for _ in $(seq "$RUNS"); do
  for b in "${builds[@]}"; do ms_once "$out/$b" >>"$out/$b.times"; done
done
tf=$(median <"$out/flua.times")
printf "fib(%s), median of %s runs; cc is %s\n" "$N" "$RUNS" "$(cc --version | head -n 1)"
printf "%-10s %9s ms\n" flua "$tf"
for b in "${builds[@]:1}"; do
  t=$(median <"$out/$b.times")
  awk -v l="$b -O2" -v t="$t" -v f="$tf" 'BEGIN { printf "%-10s %9s ms   flua / C = %.2fx\n", l, t, f / t }'
done
