#!/usr/bin/env bash
# Prints the measured figures of examples/bench.rs (release build, no game window).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --no-default-features --example bench
