#!/usr/bin/env bash
# Build the wasm packages the pages import:
#   www/pkg/         leadscore.js + leadscore_bg.wasm for the app (spreadsheets in and out)
#   www/widget/pkg/  the same API without files, for the embeddable widgets (a fraction of
#                    the size: no csv, calamine, rust_xlsxwriter, encoding_rs)
# Used by scripts/serve.sh and scripts/test.sh (run scripts/setup.sh first).
# `WASM_PACKAGES=app` or `=widget` builds only one of them.
#
# - `--no-default-features`: the "cli" feature (clap) is for the native binary only.
# - `--mode no-install`: use the wasm-bindgen on PATH (setup.sh installs the Cargo.lock
#   version) and never let wasm-pack download a binary.
# - wasm-opt comes from the npm package `binaryen` (node_modules/.bin first on PATH): Debian's
#   binaryen package is too old for current wasm-bindgen output and breaks it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

build() { # OUT_DIR [cargo feature args...]
    local out=$1
    shift
    wasm-pack --log-level "${WASM_PACK_LOG:-warn}" build --target web --release --mode no-install \
        --out-dir "$out" --no-typescript --no-pack --no-default-features "$@" -- --locked
    ls -l "$out/leadscore_bg.wasm" |
        awk -v out="$out" '{ printf "build-wasm: %s/leadscore_bg.wasm (%d KiB)\n", out, $5 / 1024 }'
}

case "${WASM_PACKAGES:-all}" in
    all | app) build www/pkg --features spreadsheets ;;&
    all | widget) build www/widget/pkg ;;
esac
