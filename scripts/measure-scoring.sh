#!/usr/bin/env bash
# Prints the scoring audit of issue 10 for a scenario folder (default: scenarios/): the
# fraction of decisions whose best reply is the longest (target ≤ 40 %), scenarios where an
# always-longest and an always-shortest bot reach the top band on all three rubrics (≤ 2
# each), the (scenario, DISC type) pairs whose best route changes with the type (≥ 50 %), and
# replies that earn a bonus while hostile or capitulating (0). See docs/scoring.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --release --no-default-features -- audit --lang "${DOJO_LANG:-en}" "$@"
