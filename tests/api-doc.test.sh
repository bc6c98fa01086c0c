#!/bin/sh
# api-doc.test.sh: runs the examples in docs/api.md against a real server and checks their answers.
set -u
top=${FRONTDESK_TOP:-$(pwd)}
bin=${FRONTDESK_BIN:-$top/build/frontdesk}
seed=$(dirname "$bin")/tests/helper-seed
tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-apidoc.XXXXXX")
n=0; pid=; wpid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$wpid" ] && kill "$wpid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

sed "s|@STATE@|$tmp/state|g" "$top/tests/data/server/station.conf" > "$tmp/station.conf"
"$bin" serve --config "$tmp/station.conf" --state-dir "$tmp/state" > "$tmp/out" 2> "$tmp/err" & pid=$!
( sleep 60; kill "$pid" 2>/dev/null ) & wpid=$!
i=0; while ! grep -q 'listening on' "$tmp/out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
URL=$(sed -n 's/^frontdesk: listening on \(http[^ ]*\)\/ .*/\1/p' "$tmp/out")
[ -n "$URL" ] || { echo "not ok 1 - server starts"; cat "$tmp/err"; exit 1; }
"$seed" "$tmp/state" test-day "$top/tests/data/server/roster.csv" > /dev/null || { echo "not ok 1 - seed"; exit 1; }
# Two kiosks, as browsers are: each loaded the kiosk page and keeps its cookie.
JAR=$tmp/jar; OTHER=$tmp/other
curl -s -c "$JAR" -o /dev/null "$URL/kiosk/"; curl -s -c "$OTHER" -o /dev/null "$URL/kiosk/"
ADA=$(curl -s -b "$JAR" "$URL/api/search?q=lovel" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
GRACE=$(curl -s -b "$JAR" "$URL/api/search?q=hopper" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
export URL ADA GRACE JAR OTHER

# The examples: a "curl ..." line, then "STATUS [TEXT]".
sed -n '/^```api-example$/,/^```$/p' "$top/docs/api.md" | grep -v '^```' > "$tmp/examples"
while IFS= read -r cmd && IFS= read -r want; do
  status=${want%% *}; text=${want#"$status"}; text=${text# }
  got=$(eval "$cmd -s -o '$tmp/body' -w '%{http_code}'")
  if [ "$got" = "$status" ] && { [ -z "$text" ] || grep -qF -- "$text" "$tmp/body"; }; then
    ok 0 "$cmd -> $want"
  else
    ok 1 "$cmd -> $want (got $got: $(head -c 300 "$tmp/body"))"
  fi
done < "$tmp/examples"
echo "1..$n"
