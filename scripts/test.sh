#!/usr/bin/env bash
# Runs the whole test suite: unit tests (lexer, parser, resolver, layouts) and every
# end-to-end program under tests/ at each optimisation level against lua5.4.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
export LLVM_SYS_191_PREFIX="${LLVM_SYS_191_PREFIX:-/usr/lib/llvm-19}"
cargo test --release
