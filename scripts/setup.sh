#!/usr/bin/env bash
# Install whatever is missing to build, serve and test leadscore; quiet when all is present.
#
#   Rust:     wasm32-unknown-unknown target, clippy, rustfmt, wasm-pack,
#             wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock
#   Debian:   chromium + chromium-driver (wasm-bindgen tests, Playwright), python3, node/npm
#   npm:      devDependencies from package-lock.json (binaryen's wasm-opt, playwright-core)
#
# Only package registries are used (crates.io, npm, Debian apt): wasm-pack is later run with
# `--mode no-install`, so it never downloads a binary of its own.
# Idempotent: safe to run before every build (scripts/serve.sh and scripts/test.sh do).
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive

did=()
note() { did+=("$1"); printf 'setup: %s\n' "$1"; }
die() { printf 'setup: error: %s\n' "$1" >&2; exit 1; }

# --- Debian packages ------------------------------------------------------------------------
apt_updated=
apt_install() {
    local sudo=
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "need root (or sudo) to apt-get install $*"
        sudo=sudo
    fi
    command -v apt-get >/dev/null || die "missing $*, and no apt-get to install it with"
    if [ -z "$apt_updated" ]; then
        $sudo apt-get update -qq
        apt_updated=1
    fi
    note "apt-get install $*"
    $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing_apt=()
command -v chromium >/dev/null || missing_apt+=(chromium)
command -v chromedriver >/dev/null || missing_apt+=(chromium-driver)
command -v python3 >/dev/null || missing_apt+=(python3)
command -v node >/dev/null || missing_apt+=(nodejs)
command -v npm >/dev/null || missing_apt+=(npm)
if [ ${#missing_apt[@]} -gt 0 ]; then
    apt_install "${missing_apt[@]}"
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || die "node $node_major is too old: the e2e tests need node >= 18 (node:test)"

# --- Rust toolchain -------------------------------------------------------------------------
command -v cargo >/dev/null && command -v rustup >/dev/null \
    || die "cargo and rustup are needed (https://rustup.rs); they are not installed from a registry"

installed_targets=$(rustup target list --installed)
grep -qx wasm32-unknown-unknown <<<"$installed_targets" || {
    note "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
}
installed_components=$(rustup component list --installed)
for component in clippy rustfmt; do
    grep -q "^$component" <<<"$installed_components" || {
        note "rustup component add $component"
        rustup component add "$component"
    }
done

command -v wasm-pack >/dev/null || {
    note "cargo install wasm-pack"
    cargo install --locked wasm-pack
}

# wasm-bindgen-cli must match the wasm-bindgen crate exactly (the generated JS glue and the
# wasm's custom section are version-locked); Cargo.lock is the single source of that version.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
[ -n "$bindgen_version" ] || die "no wasm-bindgen entry in Cargo.lock"
have_bindgen=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
have_runner=$(command -v wasm-bindgen-test-runner || true)
if [ "$have_bindgen" != "$bindgen_version" ] || [ -z "$have_runner" ]; then
    note "cargo install wasm-bindgen-cli $bindgen_version (was: ${have_bindgen:-none})"
    # `--locked` is preferred, but some releases' lockfiles pin a since-yanked crate
    # (0.2.130 pins a yanked webpki-roots): fall back to a fresh resolution then.
    cargo install --locked --force wasm-bindgen-cli --version "$bindgen_version" \
        || cargo install --force wasm-bindgen-cli --version "$bindgen_version"
fi

# --- npm devDependencies --------------------------------------------------------------------
# npm writes node_modules/.package-lock.json on every install: when it is newer than the
# lockfile (and the tools are there), node_modules is up to date.
npm_ok() {
    [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] \
        && [ node_modules/.package-lock.json -nt package-lock.json ]
}
if [ -f package-lock.json ]; then
    npm_ok || {
        note "npm ci"
        npm ci --no-audit --no-fund --loglevel=error
    }
else
    note "npm install (no package-lock.json yet)"
    npm install --no-audit --no-fund --loglevel=error
fi

if [ ${#did[@]} -eq 0 ]; then
    echo "setup: all tools present (wasm-bindgen $bindgen_version)"
fi
