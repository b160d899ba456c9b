#!/usr/bin/env bash
# Prints how long free reply takes to read a typed reply (examples/understand_bench.rs;
# release build, no game window). Goal: under 2 ms per reply.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --no-default-features --example understand_bench
