#!/bin/sh
# run.sh: run every test suite (C, C under ASan, shell integration, browser) and
# print one closing line "N passed, N failed" for all of them.
# Environment: BUILD (default build), ASAN_BUILD (unset: skip the ASan pass),
# SUITES (space-separated subset of: c asan sh web asan-sh asan-web; default
# all), ONLY (a substring of the test file names to run). asan-sh and asan-web
# run the integration suites again against $ASAN_BUILD/frontdesk, so the
# server's own paths are sanitized too (a sanitizer report aborts it).
set -u
BUILD=${BUILD:-build}
SUITES=${SUITES:-c asan sh web asan-sh asan-web}
ONLY=${ONLY:-}
export FRONTDESK_TOP="$(pwd)" FRONTDESK_BIN="$(pwd)/$BUILD/frontdesk"
passed=0; failed=0; skipped=0
log_dir=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-tests.XXXXXX")

# count_tap NAME STATUS LOGFILE: add one program's TAP results to the totals.
count_tap() {
  name=$1; status=$2; log=$3
  p=$(grep -cE '^ok [0-9]+' "$log" | head -1)
  s=$(grep -cE '^ok [0-9]+.*# (SKIP|skip)' "$log" | head -1)
  f=$(grep -cE '^not ok [0-9]+' "$log" | head -1)
  p=$((p - s))
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1; echo "not ok - $name exited with status $status" >&2
  fi
  grep -E '^not ok' "$log" | sed "s|^|$name: |" >&2
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  printf '%-34s %4d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s" >&2
  [ "$f" -ne 0 ] && { echo "---- $name output (tail) ----" >&2; tail -n 40 "$log" >&2; }
}

run_c() {
  dir=$1; label=$2
  for t in "$dir"/tests/test-*; do
    [ -x "$t" ] || continue
    case "$t" in *.d|*.o) continue ;; esac
    case "$t" in *"$ONLY"*) ;; *) continue ;; esac
    log="$log_dir/$label-$(basename "$t").log"
    "$t" --tap > "$log" 2>&1; status=$?
    count_tap "$label/$(basename "$t")" "$status" "$log"
  done
}

# run_sh LABEL: every shell integration test (those that run the binary).
run_sh() {
  for t in tests/*.test.sh; do
    [ -f "$t" ] || continue
    case "$t" in *"$ONLY"*) ;; *) continue ;; esac
    case "$1:$t" in asan-sh:*install.test.sh | asan-sh:*fuzz.test.sh | asan-sh:*ql-ppd.test.sh) continue ;; esac
    log="$log_dir/$1-$(basename "$t").log"
    sh "$t" > "$log" 2>&1; status=$?
    count_tap "$1/$(basename "$t")" "$status" "$log"
  done
}

# run_web LABEL: every browser test.
run_web() {
  set -- "$1" $(ls tests/web/*.test.mjs 2>/dev/null | grep -F -- "$ONLY")
  label=$1; shift
  [ $# -gt 0 ] || return 0
  [ -d tests/web/node_modules ] || (cd tests/web && npm ci --no-audit --no-fund >&2)
  for t in "$@"; do
    log="$log_dir/$label-$(basename "$t").log"
    node --test --test-reporter=tap "$t" > "$log" 2>&1; status=$?
    count_tap "$label/$(basename "$t")" "$status" "$log"
  done
}

for suite in $SUITES; do
  case "$suite" in
    c) run_c "$BUILD" c ;;
    asan)
      [ -n "${ASAN_BUILD:-}" ] || continue
      ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        LSAN_OPTIONS=suppressions="$FRONTDESK_TOP/tests/lsan.supp":print_suppressions=0 \
        run_c "$ASAN_BUILD" asan ;;
    sh) run_sh sh ;;
    web) run_web web ;;
    asan-sh | asan-web)
      [ -n "${ASAN_BUILD:-}" ] && [ -x "$ASAN_BUILD/frontdesk" ] || continue
      ( export FRONTDESK_BIN="$(pwd)/$ASAN_BUILD/frontdesk" \
          ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
        if [ "$suite" = asan-sh ]; then run_sh asan-sh; else run_web asan-web; fi
        echo "$passed $failed $skipped" > "$log_dir/$suite.counts" )
      read -r passed failed skipped < "$log_dir/$suite.counts" ;;
  esac
done
echo "logs: $log_dir" >&2
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
