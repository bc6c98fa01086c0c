#!/bin/sh
# console.test.sh: the organizer API over HTTP with curl: session guard, CSRF, attendee actions,
# stats, label roll counter, jobs, export consent, layout save/check/preview paths, uploads, import.
set -u
top=${FRONTDESK_TOP:-$(pwd)}
bin=${FRONTDESK_BIN:-$top/build/frontdesk}
seed=$(dirname "$bin")/tests/helper-seed
tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-console.XXXXXX")
n=0; pid=; wpid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$wpid" ] && kill "$wpid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
check() { desc=$1; shift; if "$@" >/dev/null 2>&1; then ok 0 "$desc"; else ok 1 "$desc"; fi; }
[ -x "$seed" ] || { echo "1..0 # SKIP helper-seed not built"; exit 0; }

sed "s|@STATE@|$tmp/state|g" "$top/tests/data/server/station.conf" > "$tmp/station.conf"
mkdir -p "$tmp/state"; : > "$tmp/out"
cp -r "$top/layouts" "$tmp/layouts"
printf 'console-test-password\n' | "$bin" passwd --state-dir "$tmp/state" > /dev/null
"$seed" "$tmp/state" test-day "$top/tests/data/server/roster.csv" > /dev/null
FRONTDESK_LAYOUTS_DIR="$tmp/layouts" "$bin" serve --config "$tmp/station.conf" \
  --state-dir "$tmp/state" > "$tmp/out" 2> "$tmp/err" & pid=$!
( sleep 120; kill "$pid" 2>/dev/null ) & wpid=$!
i=0; while ! grep -q 'listening on' "$tmp/out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
url=$(sed -n 's/^frontdesk: listening on \(http[^ ]*\) .*/\1/p' "$tmp/out")
[ -n "$url" ] || { echo "not ok 1 - server starts"; cat "$tmp/err"; exit 1; }

# req METHOD PATH [DATA]: prints the status; body in $tmp/body. Sends the session and CSRF token.
req() {
  m=$1 p=$2; shift 2
  curl -s -o "$tmp/body" -w '%{http_code}' -b "$tmp/jar" -H "X-CSRF-Token: ${csrf:-}" -X "$m" \
    ${1+--data-binary "$1"} "$url${p#/}"
}
db() { sqlite3 "$tmp/state/frontdesk.db" "$1"; }

st=$(curl -s -o "$tmp/body" -w '%{http_code}' "${url}api/stats"); check "stats without a session is 401" test "$st" = 401
curl -s -c "$tmp/jar" -o "$tmp/body" -H 'Content-Type: application/json' \
  -d '{"password": "console-test-password"}' "${url}api/login"
csrf=$(sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p' "$tmp/body")
check "login gives a CSRF token" test -n "$csrf"

ada=$(db "SELECT id FROM attendees WHERE ticket_code = 'T-1001'")
st=$(csrf=wrong req POST "/api/attendees/$ada/checkin" '{}'); check "a wrong CSRF token is 403" test "$st" = 403
st=$(req POST "/api/attendees/$ada/checkin" '{}'); check "check in from the console" sh -c "test $st = 200 && grep -q '\"number\":1' $tmp/body"
check "the arrival is in the store, station console" test "$(db "SELECT station FROM arrivals WHERE attendee_id = $ada AND kind = 'checkin'")" = console
st=$(req GET /api/stats); check "stats: 1 arrived of 8 expected" sh -c "test $st = 200 && grep -q '\"total\":{\"key\":\"\",\"registered\":8,\"expected\":8,\"arrived\":1' $tmp/body"
st=$(req POST "/api/attendees/$ada/handover" '{}'); check "badge handed over" sh -c "test $st = 200 && grep -q '\"handed_over_at\":\"20' $tmp/body"
st=$(req PATCH "/api/attendees/$ada" '{"pronouns": "she/they"}'); check "edit pronouns" test "$(db "SELECT pronouns FROM attendees WHERE id = $ada")" = she/they
st=$(req PATCH "/api/attendees/$ada" '{"pronouns": 5}'); check "a wrong type is 422 naming the field" sh -c "test $st = 422 && grep -q '\"field\":\"pronouns\"' $tmp/body"
st=$(req GET "/api/attendees?q=analytical"); check "search across fields (company)" sh -c "test $st = 200 && grep -q '\"total\":1' $tmp/body"
st=$(req GET "/api/attendees/999999"); check "unknown attendee is 404" test "$st" = 404

# the roll counter: 3 labels, then the check-in's badge and a reprint complete on the folder printer
printer="folder:$tmp/state/printed"
enc=$(printf '%s' "$printer" | sed 's|/|%2F|g; s|:|%3A|g')
st=$(req POST "/api/printers/$enc/roll" '{"capacity": 3}'); check "a new roll of 3 labels" test "$st" = 200
st=$(req POST "/api/attendees/$ada/reprint" '{"kind": "badge"}'); check "reprint queues a job" sh -c "test $st = 200 && grep -q '\"job\":' $tmp/body"
# wait until every job is final, so the count below cannot move under us
i=0; while [ "$(db "SELECT count(*) FROM print_jobs WHERE state NOT IN ('completed','cancelled','failed')")" -gt 0 ] && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
req GET /api/printers > /dev/null
check "labels left counts down from the roll (3 - completed)" grep -q "\"labels_left\":$((3 - $(db "SELECT count(*) FROM print_jobs WHERE state = 'completed' AND printer = '$printer' AND updated_at >= (SELECT changed_at FROM console_rolls)")))" "$tmp/body"
check "the reprint completed on the folder printer" sh -c "ls '$tmp/state/printed' | grep -q ."
st=$(req POST "/api/printers/$enc/roll" '{"capacity": 0}'); check "a roll of 0 is refused" test "$st" = 422
job=$(db "SELECT max(id) FROM print_jobs")
st=$(req POST "/api/jobs/$job/cancel" '{}'); check "a completed job cannot be cancelled (409)" test "$st" = 409
st=$(req GET /api/jobs); check "the queue lists jobs with names" grep -q '"name":"Ada Lovelace"' "$tmp/body"

# export (docs/console.md): UTF-8 with a BOM, status first; arrivals then no-shows, with names for
# everyone; company, title and e-mail only for those who agreed to share. Nobody in the test
# roster agreed; a walk-in who does is added here.
# (at the kiosk, which is the session its page's cookie names)
curl -s -o /dev/null -c "$tmp/kiosk-jar" "${url}kiosk/"
curl -s -o /dev/null -b "$tmp/kiosk-jar" -H 'Content-Type: application/json' -d '{"first_name": "Connie", "last_name": "Sent",
  "company": "Shared Ltd", "consent": true, "station": "door"}' "${url}api/walkin"
st=$(req GET /api/export); tr -d '\r' < "$tmp/body" > "$tmp/export.csv"
check "export is CSV with a BOM and the status header" sh -c "test $st = 200 && head -1 $tmp/export.csv |
  grep -qx \"$(printf '\357\273\277')status,number,checked_in_at,ticket_type,group,walkin,shared,first_name,last_name,company,title,email\""
check "export: arrivals in check-in order, then the no-shows by name" sh -c "sed -n 2p $tmp/export.csv | grep -q '^arrived,1,.*,no,no,Ada,Lovelace,,,\$' &&
  sed -n 3p $tmp/export.csv | grep -q '^arrived,2,.*,yes,yes,Connie,Sent,Shared Ltd,,\$' &&
  test \$(grep -c '^no-show,,,,,no,no,' $tmp/export.csv) = 7 && sed -n 4p $tmp/export.csv | grep -q ',Adam,Adamson,,,\$' &&
  grep -q '^no-show,.*,Grace,Hopper,,,\$' $tmp/export.csv && test \$(wc -l < $tmp/export.csv) = 10"
check "export leaves out contact details without consent" sh -c "! grep -qE 'Analytical|example\.(org|jp)|US Navy|Acme' $tmp/export.csv"

# layouts: save checks with file:line:col messages, keeps the old file, never leaves the folder
printf '{"name": "x", "kind": "badge",\n  "page": {"width": "90mm", "height": "55mm"},\n  "elements": [{"type": "text", "x": 1, "y": 1, "w": 10, "h": 5, "text": "{first_name}", "size": 10, "min_size": 40}]}\n' > "$tmp/bad.json"
st=$(req PUT /api/layouts/new.json "$(cat "$tmp/bad.json")")
check "an invalid layout is 422 with file:line:col messages" sh -c "test $st = 422 && grep -q 'new.json:3:[0-9]*: ' $tmp/body"
check "... and is not written" test ! -e "$tmp/layouts/new.json"
msg=$(sed -n 's/.*"messages":\["\([^"]*\)".*/\1/p' "$tmp/body")
cp "$tmp/bad.json" "$tmp/layouts/new.json"
cli=$("$bin" layout check "$tmp/layouts/new.json" 2>&1 | grep -o 'new.json:3:[0-9]*: .*' | head -1); rm "$tmp/layouts/new.json"
check "the same message as frontdesk layout check" test "$msg" = "$cli"
st=$(req PUT /api/layouts/dymo-30256.json "$(cat "$tmp/layouts/a7.json")"); check "a valid layout saves" test "$st" = 200
check "the previous version is kept as .bak" cmp -s "$tmp/layouts/dymo-30256.json.bak" "$top/layouts/dymo-30256.json"
for bad in '..%2Fescape.json' '.hidden.json' 'a/b/c.json' 'x.txt'; do
  st=$(req PUT "/api/layouts/$bad" '{}'); check "layout name $bad is refused" sh -c "test $st -ge 400 && test $st -lt 500"
done
check "nothing was written outside the layouts folder" test ! -e "$tmp/escape.json"
st=$(curl -s -o "$tmp/png" -w '%{http_code}' -b "$tmp/jar" -H "X-CSRF-Token: $csrf" -X POST "${url}api/layouts/a7.json/preview?stress=cjk&dpi=96")
check "a CJK stress preview is a PNG" sh -c "test $st = 200 && head -c 8 $tmp/png | od -An -c | grep -q 'P   N   G'"
st=$(req POST "/api/layouts/images/logo.svg" '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'); check "an SVG upload is stored in images/" sh -c "test $st = 200 && test -f $tmp/layouts/images/logo.svg"
st=$(req POST "/api/layouts/images/logo.png" 'not a png'); check "a fake PNG is refused" test "$st" = 422

# import: dry run with an edited mapping writes nothing, then commit
printf 'Vorname,Nachname,Firma\nMarie,Curie,Radium\n' > "$tmp/roster.csv"
st=$(curl -s -o "$tmp/body" -w '%{http_code}' -b "$tmp/jar" -H "X-CSRF-Token: $csrf" --data-binary "@$tmp/roster.csv" \
  "${url}api/import?name=r.csv&dry_run=1&mapping=%7B%22Vorname%22%3A%22first_name%22%2C%22Nachname%22%3A%22last_name%22%2C%22Firma%22%3A%22company%22%7D")
check "import dry run reports 1 to add" sh -c "test $st = 200 && grep -q '\"added\":1' $tmp/body && grep -q '\"committed\":false' $tmp/body"
check "the dry run wrote nothing" test "$(db "SELECT count(*) FROM attendees WHERE last_name = 'Curie'")" = 0
st=$(curl -s -o "$tmp/body" -w '%{http_code}' -b "$tmp/jar" -H "X-CSRF-Token: $csrf" --data-binary "@$tmp/roster.csv" \
  "${url}api/import?name=r.csv&dry_run=0&mapping=%7B%22Vorname%22%3A%22first_name%22%2C%22Nachname%22%3A%22last_name%22%2C%22Firma%22%3A%22company%22%7D")
check "import commit adds the row with the edited mapping" test "$(db "SELECT company FROM attendees WHERE last_name = 'Curie'")" = Radium
st=$(req GET /console/); check "the console page is served" sh -c "test $st = 200 && grep -q 'Organizer login' $tmp/body"
echo "1..$n"
