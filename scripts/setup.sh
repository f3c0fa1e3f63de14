#!/usr/bin/env bash
# Quick start: installs what is missing, builds flua, then compiles and runs an example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
export LLVM_SYS_191_PREFIX="${LLVM_SYS_191_PREFIX:-/usr/lib/llvm-19}"
cargo build --release
./target/release/flua compile examples/hello.lua -o target/hello
./target/hello
echo "flua is built: $(pwd)/target/release/flua"
