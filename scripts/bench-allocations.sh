#!/usr/bin/env bash
# Heap allocations per 20 ms frame of the voice engine in steady state.
#
#   scripts/bench-allocations.sh [PARLEY_BIN]
#
# Runs `parley bench engine --frames-only` under heaptrack (Debian package `heaptrack`) with one
# and with three calls of 6,000 frames each and prints the difference in calls to allocation
# functions per extra frame. Set-up work (the scripted caller audio, the process) is the same in
# both runs and cancels out; what remains is per-frame work plus the per-turn answers of the
# instant stub providers and the per-call session set-up, so the figure is an upper bound.
set -euo pipefail
bin=${1:-.build/release/parley}
command -v heaptrack >/dev/null || { echo "bench-allocations: heaptrack is not installed (apt-get install heaptrack)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
count() {
  heaptrack -o "$dir/run$1" "$bin" bench engine --frames-only --calls "$1" >"$dir/out$1" 2>&1
  heaptrack_print -f "$dir/run$1.zst" 2>/dev/null | sed -n 's/^calls to allocation functions: \([0-9]*\).*/\1/p'
}
one=$(count 1)
three=$(count 3)
frames=12000
awk -v a="$one" -v b="$three" -v f="$frames" 'BEGIN {
  printf "allocations: %d with 1 call, %d with 3 calls -> %.3f per frame (upper bound; target 0)\n", a, b, (b - a) / f }'
