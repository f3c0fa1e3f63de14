#!/usr/bin/env bash
# Compile-time measurement: builds two programs of about 1,000 lines, each file wrapped in
# a function that the main chunk calls only when the program is run with the argument
# `run` (so that it compiles, with each file's top level running once as a main chunk
# does, but does not run when the harness runs it), and times `flua compile` of each at
# each -O level, median of RUNS (default 5), linking included:
#   kernels: the benchmarks and examples (loops of arithmetic and table accesses, repeated);
#   tests:   29 programs of tests/run (library calls, strings, closures, errors), a fixed
#            list, so that tests added later do not change what is measured.
# Usage: bash bench/compile_time.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
FLUA="${FLUA:-target/release/flua}"
[ -x "$FLUA" ] || cargo build --release >&2
out=bench/out
mkdir -p "$out"

# build NAME FILE...: concatenates the files, each wrapped in a function, until 1,000 lines
build() {
  local big="$out/$1.lua" n=0
  shift
  : >"$big"
  while [ "$(wc -l <"$big")" -lt 1000 ]; do
    for f in "$@"; do
      [ -f "$f" ] || continue
      [ "$(wc -l <"$big")" -ge 1000 ] && break
      n=$((n + 1))
      { echo "local function program_$n(...)"; cat "$f"; echo "end"; } >>"$big"
    done
  done
  { printf "if arg[1] == 'run' then"; for i in $(seq "$n"); do printf " program_%d()" "$i"; done; echo " end"; } >>"$big"
  echo "print('compiled')" >>"$big"
}
build kernels bench/*.lua examples/*.lua tests/run/closures.lua tests/run/oop_classes.lua tests/run/string_format.lua
tests=(argerror_names arith_float arith_int assignment_order buffer_errors builtin_setmetatable
  cli_args_parser cli_csv_report cli_wordcount close_on_error closures closures_counter_loop
  collectgarbage_opts compare concat_chains concat_numbers const_close constant_locals coroutines
  coroutines_more debug_lib deep_tables env_redefinition error_messages field_functions
  float_shadows functions_misc gc_churn gc_generations)
tests=("${tests[@]/#/tests/run/}")
build tests "${tests[@]/%/.lua}"

for prog in kernels tests; do
  lines=$(wc -l <"$out/$prog.lua")
  for opt in Debug Release Size; do
    : >"$out/ct.$opt"
    for _ in $(seq "$RUNS"); do
      t0=$(date +%s%N)
      "$FLUA" compile "$out/$prog.lua" -O "$opt" -o "$out/$prog"
      t1=$(date +%s%N)
      awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }' >>"$out/ct.$opt"
    done
    printf "%-8s %d lines, -O %-7s %s s (median of %d)\n" "$prog" "$lines" "$opt" \
      "$(sort -g "$out/ct.$opt" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" "$RUNS"
  done
  "$out/$prog"
done
