#!/usr/bin/env bash
# Measures a window under Xvfb + Mesa lavapipe, the way the issue asks: CPU seconds used
# over 10 s with no input (after a 5 s settle), peak memory, and frames drawn.
#   scripts/measure-window.sh target/debug/complaint-dojo [args…]
#   SETTLE=25 scripts/measure-window.sh target/debug/complaint-dojo --play telecom-data-charge --quit-after 40
#     (the play screen once the customer has been still for a while: blinks stop 15 s
#     after a reply)
# Prints one line of figures. Needs xvfb and mesa-vulkan-drivers.
set -euo pipefail
bin=$1; shift
name=$(basename "$bin")
log=$(mktemp)
# Settings and records go to a throwaway folder, never the user's.
home=$(mktemp -d)
xvfb-run -a -s "-screen 0 1280x720x24" env WGPU_BACKEND=vulkan COMPLAINT_DOJO_HOME="$home" "$bin" "$@" >"$log" 2>&1 &
runner=$!
pid=""
for _ in $(seq 100); do
    pid=$(pgrep -n -x "${name:0:15}" || true)
    [ -n "$pid" ] && break
    sleep 0.1
done
[ -n "$pid" ] || { echo "could not find $name"; cat "$log"; exit 1; }
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
sleep "${SETTLE:-5}"
t0=$(ticks)
sleep 10
t1=$(ticks)
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
wait "$runner" || true
first=$(grep -o 'first frame after [0-9]* ms' "$log" | head -1 || true)
frames=$(grep -o 'frames drawn: [0-9]*' "$log" | tail -1 || true)
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v hwm="$hwm" -v first="$first" -v frames="$frames" -v name="$name" \
    'BEGIN { printf "%s: idle CPU %.2f s over 10 s, peak RSS %.0f MiB, %s, %s\n", name, (b - a) / hz, hwm / 1024, first, frames }'
rm -rf "$log" "$home"
