#!/usr/bin/env bash
# Prints the classroom's vote → host tally latency with forty simulated phones on loopback
# (examples/classroom_latency.rs, release build, no game window). Goal: p99 < 100 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --release --no-default-features --example classroom_latency
