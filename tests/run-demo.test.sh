#!/bin/sh
# run-demo.test.sh: `make run` (scripts/run-demo.sh) says, on every start, where the kiosk and the
# console are and where the organizer password is.
set -u
top=${FRONTDESK_TOP:-$(pwd)}
bin=${FRONTDESK_BIN:-$top/build/frontdesk}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-demo-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0; status=0
cd "$top" || exit 1

check() { # check DESCRIPTION COMMAND...: one TAP line
  desc=$1; shift
  n=$((n + 1))
  if "$@" >"$tmp/check.out" 2>&1; then echo "ok $n - $desc"
  else echo "not ok $n - $desc"; sed 's/^/# /' "$tmp/check.out"; status=1; fi
}
has() { grep -qF -- "$2" "$1" || { cat "$1"; return 1; }; }

# Starts the demo on a free port and stops it (timeout) once it has said where it listens.
demo() {
  out=$1
  FRONTDESK_STATE_DIR="$tmp/demo" FRONTDESK_LISTEN=127.0.0.1:0 \
    timeout 20 sh scripts/run-demo.sh "$bin" >"$out" 2>"$out.err" &
  pid=$! # timeout's: it passes the TERM on to the station
  i=0; while ! grep -q '^frontdesk: listening on' "$out" && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
}

demo "$tmp/first"
check "the first start prints the kiosk URL" has "$tmp/first" "kiosk: http://127.0.0.1:"
check "the first start prints the console URL" has "$tmp/first" "/console/)"
check "the first start says where the password is" has "$tmp/first" "Organizer password: in $tmp/demo/organizer-password.txt"
check "the password file is private" test "$(stat -c %a "$tmp/demo/organizer-password.txt")" = 600
check "the password in the file is the organizer's" test -s "$tmp/demo/organizer.pwhash"
demo "$tmp/second"
check "the second start prints the console URL again" has "$tmp/second" "/console/)"
check "the second start still says where the password is" has "$tmp/second" "Organizer password: in $tmp/demo/organizer-password.txt"
check "the password was not changed" test "$(stat -c %Y "$tmp/demo/organizer.pwhash")" -le "$(stat -c %Y "$tmp/first")"

echo "1..$n"
exit $status
