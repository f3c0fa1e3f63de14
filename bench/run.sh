#!/usr/bin/env bash
# Benchmark harness: compiles each bench/*.lua with flua (-O Release unless FLUA_OPT is
# set) and times it against lua5.4 and luajit in the same run, interleaved, taking the
# median of RUNS runs (default 5). Prints seconds and speed-up ratios (>1: flua faster)
# with their geometric means, then peak resident memory (median, /usr/bin/time) of flua
# against lua5.4, and what flua's collector cost (one more run with FLUA_GC_STATS=1).
# Usage: bash bench/run.sh [NAME...]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
OPT="${FLUA_OPT:-Release}"
FLUA="${FLUA:-target/release/flua}"
[ -x "$FLUA" ] || cargo build --release >&2
out=bench/out
mkdir -p "$out"

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in bench/*.lua; do names+=("$(basename "$f" .lua)"); done
fi

have() { command -v "$1" >/dev/null 2>&1; }

# Runs a command once, prints elapsed seconds; appends its peak RSS (KB) to $RSSFILE.
time_once() {
  local t0 t1
  t0=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$out/rss.tmp" "$@" >/dev/null 2>&1 || true
  else
    "$@" >/dev/null 2>&1 || true
  fi
  t1=$(date +%s%N)
  if [ -s "$out/rss.tmp" ]; then tail -n 1 "$out/rss.tmp" >>"$RSSFILE"; rm -f "$out/rss.tmp"; fi
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf "%-16s %9s %9s %9s %10s %11s\n" benchmark flua lua5.4 luajit "lua/flua" "luajit/flua"
rows=()
for n in "${names[@]}"; do
  src="bench/$n.lua"
  exe="$out/$n"
  "$FLUA" compile "$src" -O "$OPT" -o "$exe"
  if have lua5.4 && ! cmp -s <("$exe" 2>&1) <(lua5.4 "$src" 2>&1); then
    echo "warning: $n: flua's output differs from lua5.4's" >&2
  fi
  : >"$out/$n.flua"; : >"$out/$n.lua"; : >"$out/$n.jit"; : >"$out/$n.flua.rss"; : >"$out/$n.lua.rss"
  for _ in $(seq "$RUNS"); do
    RSSFILE="$out/$n.flua.rss" time_once "$exe" >>"$out/$n.flua"
    if have lua5.4; then RSSFILE="$out/$n.lua.rss" time_once lua5.4 "$src" >>"$out/$n.lua"; fi
    if have luajit; then RSSFILE=/dev/null time_once luajit "$src" >>"$out/$n.jit"; fi
  done
  FLUA_GC_STATS=1 "$exe" 2>&1 >/dev/null | grep '^flua gc:' >"$out/$n.gc" || true
  tf=$(median <"$out/$n.flua")
  tl=$( [ -s "$out/$n.lua" ] && median <"$out/$n.lua" || echo 0)
  tj=$( [ -s "$out/$n.jit" ] && median <"$out/$n.jit" || echo 0)
  awk -v n="$n" -v f="$tf" -v l="$tl" -v j="$tj" 'BEGIN {
    rl = (l > 0 && f > 0) ? l / f : 0; rj = (j > 0 && f > 0) ? j / f : 0
    printf "%-16s %9.3f %9.3f %9.3f %9.2fx %10.2fx\n", n, f, l, j, rl, rj }'
  rows+=("$tf $tl $tj")
done
printf "%s\n" "${rows[@]}" | awk '{
    if ($1 > 0 && $2 > 0) { sl += log($2 / $1); nl++ }
    if ($1 > 0 && $3 > 0) { sj += log($3 / $1); nj++ } }
  END { printf "%-16s %9s %9s %9s %9.2fx %10.2fx\n", "geometric mean", "", "", "", nl ? exp(sl / nl) : 0, nj ? exp(sj / nj) : 0 }'

echo
printf "%-16s %10s %10s %9s   %s\n" benchmark "flua MB" "lua5.4 MB" "flua/lua" "flua's collector (FLUA_GC_STATS=1)"
for n in "${names[@]}"; do
  rf=$( [ -s "$out/$n.flua.rss" ] && median <"$out/$n.flua.rss" || echo 0)
  rl=$( [ -s "$out/$n.lua.rss" ] && median <"$out/$n.lua.rss" || echo 0)
  gc=$(sed 's/^flua gc: //' "$out/$n.gc" 2>/dev/null || true)
  awk -v n="$n" -v f="$rf" -v l="$rl" -v gc="$gc" 'BEGIN {
    printf "%-16s %10.1f %10.1f %8.2fx   %s\n", n, f / 1024, l / 1024, (l > 0) ? f / l : 0, gc }'
done
