#!/usr/bin/env bash
# A real Learning Record Store for the LRS tests and for trying `sync` by hand: Learning
# Locker's open-source statement server (npm `xapi-statements`, pinned), with in-memory
# models and test authentication (any Basic credentials are accepted).
#
#   scripts/lrs.sh install        # into target/lrs (needs Node.js and npm)
#   scripts/lrs.sh start [PORT]   # serves http://127.0.0.1:PORT/xAPI/ (default 8081)
#
# The tests (tests/it/lrs.rs) install nothing: they start target/lrs's server themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=5.0.1
DIR=target/lrs
case "${1:-}" in
install)
    if [ ! -f "$DIR/node_modules/xapi-statements/dist/server.js" ]; then
        mkdir -p "$DIR"
        npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "xapi-statements@$VERSION"
    fi
    ;;
start)
    PORT="${2:-8081}"
    STORE="$(mktemp -d)"
    mkdir -p "$STORE/logs"
    exec env AUTH_REPO=test EVENTS_REPO=test MODELS_REPO=memory STORAGE_REPO=local \
        FS_LOCAL_STORAGE_DIR="$STORE" EXPRESS_MORGAN_DIRECTORY="$STORE/logs" \
        EXPRESS_PORT="$PORT" node "$DIR/node_modules/xapi-statements/dist/server.js"
    ;;
*)
    echo "usage: scripts/lrs.sh install | start [PORT]" >&2
    exit 2
    ;;
esac
