#!/usr/bin/env bash
# Runs the whole test suite: unit tests (lexer, parser, resolver, layouts) and every
# end-to-end program under tests/ at each optimisation level against lua5.4.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
export LLVM_SYS_191_PREFIX="${LLVM_SYS_191_PREFIX:-/usr/lib/llvm-19}"
if cargo fmt --version >/dev/null 2>&1; then cargo fmt --check; else echo "note: rustfmt not installed, format check skipped"; fi
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy --release --all-targets -- -D warnings
else
  echo "note: clippy not installed, lint check skipped"
fi
cargo test --release
# The collector's stress mode: a full collection at every allocation; with every program's
# code generated in two halves on two threads (otherwise done for large programs only).
FLUA_GC_STRESS=1 FLUA_SPLIT_CODEGEN=1 cargo test --release --test e2e
# The runtime under AddressSanitizer and UndefinedBehaviorSanitizer (any report aborts the
# program and fails its test).
FLUA_RT_SANITIZE=address,undefined CARGO_TARGET_DIR=target/sanitize cargo test --release --test e2e
