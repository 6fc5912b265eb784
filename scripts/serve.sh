#!/usr/bin/env bash
# Build the wasm package and serve the static app (www/) on http://localhost:${PORT:-8080}.
#
# The page loads the built-in model www/models/b2b-saas.json (and www/models/calculator.json)
# and links the sample www/samples/leads.csv. Everything runs in the browser; the server only
# hands out these static files.
#
#   PORT=9000 scripts/serve.sh      another port
#   BIND=0.0.0.0 scripts/serve.sh   reachable from other machines (default: this one only)
#   REBUILD=1 scripts/serve.sh      rebuild the wasm even when it looks up to date
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8080}
BIND=${BIND:-127.0.0.1}

scripts/setup.sh

# Rebuild when any Rust input, or the build script with its flags, is newer than the built
# wasm (the release build + wasm-opt take minutes cold, ~40 s warm; skipping them keeps
# restarts instant).
wasm=www/pkg/leadscore_bg.wasm
widget=www/widget/pkg/leadscore_bg.wasm
inputs=(src Cargo.toml Cargo.lock scripts/build-wasm.sh)
if [ -n "${REBUILD:-}" ] || [ ! -f "$wasm" ] || [ ! -f www/pkg/leadscore.js ] || [ ! -f "$widget" ] \
    || [ -n "$(find "${inputs[@]}" -newer "$wasm" -print -quit)" ] \
    || [ -n "$(find "${inputs[@]}" -newer "$widget" -print -quit)" ]; then
    echo "serve: building the wasm package (release)..."
    scripts/build-wasm.sh
else
    echo "serve: www/pkg and www/widget/pkg are up to date (REBUILD=1 to force)"
fi

for f in www/models/b2b-saas.json www/samples/leads.csv; do
    [ -f "$f" ] || echo "serve: warning: $f is missing; the page will say so" >&2
done

echo "serve: leadscore at http://localhost:$PORT/  (Ctrl-C to stop)"
# exec: Ctrl-C and kill reach the server directly.
exec python3 -m http.server "$PORT" --bind "$BIND" --directory www
