#!/usr/bin/env bash
# Runs the README's test command N times (default 3) from a fresh clone of HEAD while
# two CPU-bound processes compete for the cores, as a busy CI box would. A test that
# depends on the machine being idle fails here. Usage: scripts/stress-test.sh [runs]
set -euo pipefail
runs="${1:-3}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/itops-stress.XXXXXX")"
burners=()
trap 'kill "${burners[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
git clone -q "$repo" "$work/itops-tui"
ln -s "$(cd "$repo/.." && pwd)/shared" "$work/shared"
cd "$work/itops-tui"
npm ci --no-audit --no-fund >/dev/null 2>&1
for _ in 1 2; do
  ( while :; do :; done ) &
  burners+=("$!")
done
for i in $(seq 1 "$runs"); do
  echo "stress: run $i of $runs (load: $(cut -d' ' -f1 /proc/loadavg))"
  if ! npm test >"$work/run-$i.log" 2>&1; then
    echo "stress: run $i FAILED; log follows"
    tail -80 "$work/run-$i.log"
    exit 1
  fi
  grep -E '^tests: ' "$work/run-$i.log" || true
done
echo "stress: $runs runs passed under load"
