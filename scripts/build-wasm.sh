#!/usr/bin/env bash
# Build the wasm packages the pages import:
#   www/pkg/         leadscore.js + leadscore_bg.wasm for the app (spreadsheets in and out)
#   www/widget/pkg/  the same API without files, for the embeddable widgets: none of the
#                    features in `full` (see Cargo.toml), the `widget` profile, wasm-opt -Oz
# Used by scripts/serve.sh and scripts/test.sh (run scripts/setup.sh first).
# `WASM_PACKAGES=app` or `=widget` builds only one of them.
#
# - `--no-default-features`: the "cli" feature (clap) is for the native binary only; the app
#   asks for `full`.
# - `--mode no-install`: use the wasm-bindgen on PATH (setup.sh installs the Cargo.lock
#   version) and never let wasm-pack download a binary.
# - wasm-opt comes from the npm package `binaryen` (node_modules/.bin first on PATH): Debian's
#   binaryen package is too old for current wasm-bindgen output and breaks it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

build() { # OUT_DIR WASM_PACK_OPTION... -- CARGO_OPTION...
    local out=$1
    shift
    wasm-pack --log-level "${WASM_PACK_LOG:-warn}" build --target web --mode no-install \
        --out-dir "$out" --no-typescript --no-pack "$@"
    ls -l "$out/leadscore_bg.wasm" |
        awk -v out="$out" '{ printf "build-wasm: %s/leadscore_bg.wasm (%d KiB)\n", out, $5 / 1024 }'
}

case "${WASM_PACKAGES:-all}" in
    # wasm-opt -O3 (Cargo.toml's [package.metadata.wasm-pack.profile.release]).
    # With 128-bit SIMD (Chrome 91, Firefox 89, Safari 16.4 and later): memchr then scans 16
    # bytes at a step instead of 4, in the csv reader and where a helper counts its block's
    # lines; a helper scores its blocks 5-8% faster (node, same hour). Only this
    # build: the widget stays plain wasm, so it runs on any page that embeds it.
    all | app)
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128" \
            build www/pkg --release -- --locked --no-default-features --features full
        ;;&
    # The widget profile (opt-level "z"), then wasm-opt -Oz: size first. wasm-pack has no
    # wasm-opt settings for custom profiles, so it runs here.
    all | widget)
        build www/widget/pkg --profile widget --no-opt -- --locked --no-default-features
        wasm-opt -Oz www/widget/pkg/leadscore_bg.wasm -o www/widget/pkg/leadscore_bg.wasm
        ls -l www/widget/pkg/leadscore_bg.wasm |
            awk '{ printf "build-wasm: after wasm-opt -Oz: %d KiB\n", $5 / 1024 }'
        ;;
esac
