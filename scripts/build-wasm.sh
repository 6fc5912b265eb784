#!/usr/bin/env bash
# Build the wasm package the page imports: www/pkg/leadscore.js + leadscore_bg.wasm.
# Used by scripts/serve.sh and scripts/test.sh (run scripts/setup.sh first).
#
# - `--no-default-features`: the "cli" feature (clap) is for the native binary only.
# - `--mode no-install`: use the wasm-bindgen on PATH (setup.sh installs the Cargo.lock
#   version) and never let wasm-pack download a binary.
# - wasm-opt comes from the npm package `binaryen` (node_modules/.bin first on PATH): Debian's
#   binaryen package is too old for current wasm-bindgen output and breaks it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

wasm-pack --log-level "${WASM_PACK_LOG:-warn}" build --target web --release --mode no-install \
    --out-dir www/pkg --no-typescript --no-pack --no-default-features -- --locked

ls -l www/pkg/leadscore_bg.wasm | awk '{ printf "build-wasm: www/pkg/leadscore_bg.wasm (%d KiB)\n", $5 / 1024 }'
