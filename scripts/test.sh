#!/usr/bin/env bash
# Every gate and every test, cheapest first, stopping at the first failure. CI runs this
# (.ci/run); so should you before pushing.
#
#   setup                  scripts/setup.sh (installs what is missing)
#   fmt                    cargo fmt --check
#   clippy                 native, all targets, -D warnings
#   clippy wasm32          the library as the browser gets it (app and widget builds)
#   cargo test             unit, integration and doc tests (+ the lib as the widget builds it)
#   cargo doc              rustdoc with -D warnings
#   wasm-bindgen tests     tests/web.rs in headless Chromium (wasm-pack test)
#   wasm build             www/pkg and www/widget/pkg, the release packages the pages import
#   browser e2e            tests/e2e/*.test.js (node:test + playwright-core) against www/
#                          served by python3 -m http.server on a free port
#
# Logs of each step go to target/test-logs/. Set E2E_ONLY=1 to run only the last two steps.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

LOGS=target/test-logs
mkdir -p "$LOGS"
rm -f "$LOGS"/*.log

started=$(date +%s)
passed=0
failed=0
skipped=0
timings=()
server_pid=

cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Count "test result: ok. N passed; M failed; K ignored" (cargo, wasm-bindgen-test-runner) and
# "ℹ pass N" / "ℹ fail N" / "ℹ skipped N" (node --test spec reporter) in a step's log.
count_tests() {
    local log=$1 p f s
    read -r p f s < <(awk '
        /^test result: / {
            for (i = 1; i <= NF; i++) {
                if ($(i) ~ /^passed;?$/) p += $(i-1)
                if ($(i) ~ /^failed;?$/) f += $(i-1)
                if ($(i) ~ /^ignored;?$/) s += $(i-1)
            }
        }
        /^ℹ pass /    { p += $3 }
        /^ℹ fail /    { f += $3 }
        /^ℹ skipped / { s += $3 }
        END { print p + 0, f + 0, s + 0 }' "$log")
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
}

n=0
# step LABEL COMMAND...: run with output to the terminal and to a log; stop on failure.
step() {
    local label=$1 slug log t0 status
    shift
    n=$((n + 1))
    slug=$(printf '%02d-%s' "$n" "$(tr -c 'a-z0-9\n' '-' <<<"${label,,}")")
    log="$LOGS/$slug.log"
    printf '\n==> [%d] %s\n' "$n" "$label"
    t0=$(date +%s)
    set +e
    "$@" 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
    set -e
    timings+=("$(printf '%4ds  %s' $(($(date +%s) - t0)) "$label")")
    count_tests "$log"
    if [ "$status" -ne 0 ]; then
        printf '\nFAILED at step %d: %s (exit %d; log: %s)\n' "$n" "$label" "$status" "$log" >&2
        summary >&2
        exit "$status"
    fi
}

summary() {
    printf '\n--- steps ---\n'
    printf '%s\n' "${timings[@]}"
    printf -- '--- %d passed, %d failed, %d ignored/skipped; %ds total ---\n' \
        "$passed" "$failed" "$skipped" $(($(date +%s) - started))
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Serve www/ on a free port in the background (stopped by the EXIT trap). Runs in this shell,
# not inside a step: a step's command runs in a pipeline subshell, whose $! the trap can't see.
start_server() {
    local port i
    port=$(free_port)
    E2E_BASE_URL="http://127.0.0.1:$port/"
    python3 -m http.server "$port" --bind 127.0.0.1 --directory www >"$LOGS/http-server.log" 2>&1 &
    server_pid=$!
    for i in $(seq 50); do
        python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
            "$E2E_BASE_URL" 2>/dev/null && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.2
    done
    echo "could not start python3 -m http.server on port $port:" >&2
    cat "$LOGS/http-server.log" >&2
    exit 1
}

step "setup" scripts/setup.sh
if [ -z "${E2E_ONLY:-}" ]; then
    step "fmt" cargo fmt --all --check
    step "clippy (native, all targets)" cargo clippy --locked --all-targets -- -D warnings
    # The page's wasm (feature full) and the widget's (no features): both must stay clean.
    step "clippy (wasm32 lib)" \
        cargo clippy --locked --lib --no-default-features --features full \
        --target wasm32-unknown-unknown -- -D warnings
    step "clippy (wasm32 lib, widget build)" \
        cargo clippy --locked --lib --no-default-features --target wasm32-unknown-unknown -- -D warnings
    step "cargo test" cargo test --locked
    # The widget's engine: regex-lite, the phrase scan, first-problem-only model errors.
    step "cargo test (widget build, lib)" cargo test --locked --lib --no-default-features
    step "cargo doc" env RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps
    # wasm-bindgen-test-runner 0.2.130 itself adds the Chrome args headless, no-sandbox and
    # disable-dev-shm-usage (so root works); extra capabilities would go in webdriver.json.
    # `--test web`: other tests/*.rs are native tests (files, threads) and are not for wasm32.
    # With 128-bit SIMD, as the app's build (scripts/build-wasm.sh): the block reader's SIMD
    # path (src/table/split.rs) is the one tested.
    step "wasm-bindgen tests (headless Chromium)" \
        env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128" \
        wasm-pack --log-level warn test --headless --chrome --mode no-install \
        --no-default-features --features full --locked --test web
fi
step "wasm build (www/pkg, www/widget/pkg)" scripts/build-wasm.sh
# The e2e tests check the page against the native CLI (already built by cargo test).
step "cli build (for e2e)" cargo build --locked --bin leadscore
start_server
echo "serving www/ at $E2E_BASE_URL (pid $server_pid)"
step "browser e2e (playwright)" env E2E_BASE_URL="$E2E_BASE_URL" \
    node --test --test-reporter=spec --test-concurrency=1 tests/e2e/

summary
