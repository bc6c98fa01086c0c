#!/bin/sh
# bench.sh: run every benchmark and print its figures (never asserts on time).
set -u
BUILD=${BUILD:-build}
export FRONTDESK_TOP="$(pwd)" FRONTDESK_BIN="$(pwd)/$BUILD/frontdesk"
for b in "$BUILD"/tests/bench-*; do
  [ -x "$b" ] || continue
  case "$b" in *.d|*.o) continue ;; esac
  echo "== $(basename "$b")"
  "$b" || echo "(benchmark $(basename "$b") exited with $?)"
done
for b in tests/*.bench.sh; do
  [ -f "$b" ] || continue
  echo "== $(basename "$b")"
  sh "$b" || echo "(benchmark $(basename "$b") exited with $?)"
done
