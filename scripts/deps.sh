#!/usr/bin/env bash
# Installs the system packages flua needs when they are missing (Debian/Ubuntu, apt):
# LLVM 19 (llvm-19-dev and the libraries llvm-config asks for), a C compiler for linking,
# lua5.4 (the oracle of the tests) and luajit (the speed bar of the benchmarks).
# Other systems: see llvm-setup.md.
set -euo pipefail

packages=(llvm-19-dev libpolly-19-dev libzstd-dev zlib1g-dev gcc libc6-dev lua5.4 luajit)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if ! command -v apt-get >/dev/null; then
    echo "flua: missing packages ${missing[*]} and no apt-get here; see llvm-setup.md" >&2
    exit 1
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "flua: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
