#!/bin/sh
# fuzz.test.sh: a short libFuzzer smoke of every harness in tests/fuzz (make fuzz builds them in
# build-fuzz/fuzz), each for a few seconds from its seed and regression inputs. A crash is
# reported with the input, which belongs in tests/data/fuzz/TARGET/ (replayed by the normal
# C tests, build/tests/test-fuzz-TARGET). FUZZ_SECONDS sets the time per harness.
set -u
top=${FRONTDESK_TOP:-$(pwd)}
dir=${FUZZ_BUILD:-build-fuzz}/fuzz
seconds=${FUZZ_SECONDS:-5}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

for src in "$top"/tests/fuzz/fuzz-*.c; do
  name=$(basename "$src" .c); target=${name#fuzz-}
  bin="$dir/$name"
  if [ ! -x "$bin" ]; then
    n=$((n + 1)); echo "ok $n - $name # SKIP not built (make fuzz)"; continue
  fi
  # the seed directories the harness names (desk_fuzz_inputs), read from its source
  seeds=$(sed -n '/desk_fuzz_inputs\[\] = {/,/};/p' "$src" | grep -o '"[^"]*"' | tr -d '"')
  set --
  for s in $seeds; do [ -d "$top/$s" ] && set -- "$@" "$top/$s"; done
  mkdir -p "$tmp/$target/corpus" "$tmp/$target/found"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    LSAN_OPTIONS=suppressions="$top/tests/lsan.supp":print_suppressions=0 \
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -max_len=65536 \
    -artifact_prefix="$tmp/$target/found/" "$tmp/$target/corpus" "$@" \
    > "$tmp/$target/log" 2>&1
  status=$?
  runs=$(grep -o 'Done [0-9]* runs' "$tmp/$target/log" | grep -o '[0-9]*')
  found=$(ls "$tmp/$target/found" 2>/dev/null | head -1)
  if [ "$status" -eq 0 ] && [ -z "$found" ] && [ -n "$runs" ]; then
    ok 0 "$name: ${runs} inputs in ${seconds} s, no crash"
  else
    ok 1 "$name: exit $status${found:+, crash input $found}"
    tail -n 30 "$tmp/$target/log" | sed 's/^/# /'
    [ -n "$found" ] && { mkdir -p "$top/tests/data/fuzz/$target"; cp "$tmp/$target/found/$found" \
      "$top/tests/data/fuzz/$target/$found"; echo "# saved as tests/data/fuzz/$target/$found"; }
  fi
done
echo "1..$n"
