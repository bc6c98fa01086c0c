#!/bin/sh
# layout-cli.test.sh: "frontdesk layout check": exit codes, message format, --root.
set -u
BIN=${FRONTDESK_BIN:-$(pwd)/build/frontdesk}
TOP=${FRONTDESK_TOP:-$(pwd)}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/layout-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
check() { # check DESCRIPTION COMMAND...: ok when the command succeeds
  n=$((n + 1)); desc=$1; shift
  if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; fi
}

cd "$TOP"
"$BIN" layout check layouts/*.json > "$tmp/out" 2>&1; status=$?
check "shipped layouts pass (exit 0)" test "$status" -eq 0
check "shipped layouts print nothing" test ! -s "$tmp/out"

cd "$TOP/tests/data/bad-layouts"
"$BIN" layout check --root . *.json > "$tmp/out" 2>&1; status=$?
check "bad corpus fails (exit 1)" test "$status" -eq 1
grep -v '^#' EXPECTED > "$tmp/want"
check "bad corpus prints exactly EXPECTED" cmp -s "$tmp/out" "$tmp/want"

cd "$TOP"
"$BIN" layout check layouts/a6.json tests/data/bad-layouts/03-empty.json > "$tmp/out" 2>&1
status=$?
check "one bad file among good ones: exit 1" test "$status" -eq 1
check "message names the file, line and column" \
  grep -qx 'tests/data/bad-layouts/03-empty.json:1:1: the file is empty' "$tmp/out"

"$BIN" layout check > /dev/null 2>&1; status=$?
check "no files: usage, exit 2" test "$status" -eq 2
"$BIN" layout frobnicate x.json > /dev/null 2>&1; status=$?
check "unknown action: exit 2" test "$status" -eq 2
"$BIN" layout check "$tmp/does-not-exist.json" > "$tmp/out" 2>&1; status=$?
check "missing file: exit 1 with a message" test "$status" -eq 1 -a -s "$tmp/out"

# An image beside a layout outside the shipped folder: the file's folder is the root.
mkdir -p "$tmp/mine/art"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>' > "$tmp/mine/art/a.svg"
cat > "$tmp/mine/badge.json" <<'JSON'
{ "page": { "width": 50, "height": 30 },
  "elements": [ { "type": "image", "x": 1, "y": 1, "w": 10, "h": 10, "src": "art/a.svg" } ] }
JSON
"$BIN" layout check "$tmp/mine/badge.json" > "$tmp/out" 2>&1; status=$?
check "image inside the file's own folder passes" test "$status" -eq 0
"$BIN" layout check --root "$tmp/mine/art" "$tmp/mine/badge.json" > "$tmp/out" 2>&1; status=$?
check "--root narrower than the image's folder still contains it" test "$status" -eq 0
mkdir -p "$tmp/other"
"$BIN" layout check --root "$tmp/other" "$tmp/mine/badge.json" > "$tmp/out" 2>&1; status=$?
check "--root elsewhere: image outside, exit 1" test "$status" -eq 1
check "... says so" grep -q 'is outside the layouts folder' "$tmp/out"
echo "1..$n"
