#!/bin/sh
# import.test.sh: `frontdesk import` end to end against a temporary state dir.
set -u
top=${FRONTDESK_TOP:-$(pwd)}
bin=${FRONTDESK_BIN:-$top/build/frontdesk}
data=$top/tests/data/rosters
tmp=$(mktemp -d "${TMPDIR:-/tmp}/import-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
state=$tmp/state
n=0; status=0

check() { # check DESCRIPTION COMMAND...: one TAP line
  desc=$1; shift
  n=$((n + 1))
  if "$@" >"$tmp/check.out" 2>&1; then echo "ok $n - $desc"
  else echo "not ok $n - $desc"; sed 's/^/# /' "$tmp/check.out"; status=1; fi
}
imp() { "$bin" import --state-dir "$state" "$@" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/rc"; }
rc_is() { [ "$(cat "$tmp/rc")" = "$1" ] || { cat "$tmp/out" "$tmp/err"; return 1; }; }
out_has() { grep -qF -- "$1" "$tmp/out" || { cat "$tmp/out" "$tmp/err"; return 1; }; }
err_has() { grep -qF -- "$1" "$tmp/err" || { cat "$tmp/err"; return 1; }; }
dump() { sqlite3 "$state/frontdesk.db" .dump | sha256sum; }
sql() { sqlite3 "$state/frontdesk.db" "$1"; }

# A dry run into a state dir that does not exist creates nothing.
imp --dry-run "$data/eventbrite-us.csv"
check "dry run on a fresh state dir succeeds" rc_is 0
check "dry run reports 5 would-be additions" out_has "dry run, nothing written: 5 added, 0 updated, 0 unchanged, 0 skipped"
check "dry run creates no database" test ! -e "$state/frontdesk.db"

imp "$data/eventbrite-us.csv" --event aws-nordics --event-name "AWS Community Day Nordics" --event-date 2026-11-22
check "import succeeds" rc_is 0
check "import reports the format and encoding" out_has "format: eventbrite (detected), encoding: UTF-8 BOM, delimiter: comma"
check "import adds 5" out_has "5 added, 0 updated, 0 unchanged, 0 skipped"
check "report lists each line" out_has "line 2: added Jane Doe"
check "report lists the people not expected" out_has "line 3: Jürgen Müller (eventbrite: Not Attending)"
check "attendees are in the database" test "$(sql "SELECT count(*) FROM attendees")" = 5
check "ticket code stored" test "$(sql "SELECT ticket_code FROM attendees WHERE last_name = 'Doe'")" = 2345678901

imp "$data/eventbrite-us.csv" --event aws-nordics
check "re-import succeeds" rc_is 0
check "re-import is idempotent" out_has "0 added, 0 updated, 5 unchanged, 0 skipped"

sed 's/Acme, Inc\./Acme Corp/' "$data/eventbrite-us.csv" >"$tmp/changed.csv"
imp "$tmp/changed.csv" --event aws-nordics
check "a changed company is an update" out_has "0 added, 1 updated, 4 unchanged, 0 skipped"

before=$(dump)
imp "$data/broken-ragged.csv" --event aws-nordics
check "a broken file fails" rc_is 1
check "the error names file and line" err_has "broken-ragged.csv:5: this row has 2 fields but the header (line 1) has 3"
check "a broken file leaves the database as it was" test "$(dump)" = "$before"
imp "$data/broken-invalid-utf8.csv" --event aws-nordics
check "invalid UTF-8 names its line" err_has "broken-invalid-utf8.csv:3: byte 0xE9"

imp --dry-run "$data/meetup.csv" --event aws-nordics
check "dry run succeeds" rc_is 0
check "dry run reports additions and the duplicate" out_has "dry run, nothing written: 4 added, 0 updated, 0 unchanged, 1 skipped"
check "dry run lists the skipped duplicate" out_has "line 6: skipped: duplicate of line 2"
check "dry run writes nothing" test "$(dump)" = "$before"

imp "$data/connpass-cp932.csv" --event tokyo
check "CP932 connpass import succeeds" rc_is 0
check "CP932 detected" out_has "format: connpass (detected), encoding: CP932"
check "connpass 山田 太郎 has ticket 8GJK2A" test "$(sql "SELECT ticket_code FROM attendees WHERE last_name = '山田'")" = 8GJK2A
check "connpass cancellation is not expected" test "$(sql "SELECT status_reason FROM attendees WHERE last_name = '高橋'")" = "connpass: キャンセル"

# The report says what changed, field by field.
imp "$tmp/changed.csv" --event aws-nordics
sed 's/Acme Corp/Acme Group/' "$tmp/changed.csv" >"$tmp/changed2.csv"
imp "$tmp/changed2.csv" --event aws-nordics
check "an update names the field and both values" out_has "company “Acme Corp” → “Acme Group”"

# Two records of the same name and company with different ticket codes (a CSV export, then
# another platform's): kept apart and reported, never one code silently replacing the other.
printf 'first_name,last_name,company,ticket_code\nTaro,Yamada,Sample KK,CSV-0001\n' >"$tmp/yamada.csv"
printf 'first_name,last_name,company,ticket_code\nTaro,Yamada,Sample KK,8GJK2A\n' >"$tmp/yamada-cp.csv"
imp "$tmp/yamada.csv" --event codes
imp "$tmp/yamada-cp.csv" --event codes
check "a namesake with another ticket code is added, not merged" out_has "1 added, 0 updated"
check "the report says they were kept apart" out_has "whose ticket code CSV-0001 differs from 8GJK2A: check for a duplicate"
check "the first ticket code is still there" test "$(sql "SELECT count(*) FROM attendees WHERE ticket_code = 'CSV-0001'")" = 1
check "so is the second" test "$(sql "SELECT count(*) FROM attendees WHERE ticket_code = '8GJK2A' AND last_name = 'Yamada'")" = 1
printf 'first_name,last_name,company,ticket_code\nTaro,Yamada,Sample KK,\n' >"$tmp/yamada2.csv"
imp "$tmp/yamada2.csv" --event codes
check "a row without a ticket code still matches by name and company" out_has "0 added, 0 updated, 1 unchanged"

# --group SHORT puts the whole file in one group.
imp "$data/plain.csv" --event groups-day --group speakers
check "import --group succeeds" rc_is 0
check "every row is in the group" test "$(sql "SELECT count(*) FROM attendees a JOIN events e ON e.id = a.event_id WHERE e.slug = 'groups-day' AND coalesce(a.group_name, '') <> 'speakers'")" = 0
check "the group was given to someone" test "$(sql "SELECT count(*) FROM attendees a JOIN events e ON e.id = a.event_id WHERE e.slug = 'groups-day' AND a.group_name = 'speakers'")" -gt 0
imp "$data/plain.csv" --event groups-day --group "no such"
check "a --group that is not a short name is a usage error" rc_is 2

imp "$data/plain.csv" --event aws-nordics --map "T-shirt size=shoe" 
check "an unknown --map field fails" rc_is 1
check "the error names the field" err_has "--map T-shirt size=shoe: unknown field"
imp "$data/plain.csv" --format xlsx
check "an unknown --format is a usage error" rc_is 2
check "nothing was written by the failures" test "$(sql "SELECT count(*) FROM events")" = 4

# Issue 14: a reading column, and romanized names, found as typed on a Latin keyboard.
printf '姓,名,フリガナ,email\n東海林,陽菜,ショウジ ヒナ,hina@example.jp\n髙橋,一郎,,ichiro@example.jp\nШостакович,Дмитрий,,dmitry@example.ru\nØdegård,Søren,,soren@example.no\n' > "$tmp/names.csv"
imp "$tmp/names.csv" --event names
check "a roster with a フリガナ column imports" rc_is 0
finds() { "$bin" search --state-dir "$state" --event names "$1" > "$tmp/out" 2>&1 && out_has "$2"; }
check "'shoji' finds 東海林 by the roster's reading" finds shoji 東海林
check "'hina' finds 陽菜 by the roster's reading" finds hina 陽菜
check "'takahashi' finds 髙橋 by MeCab's reading" finds takahashi 髙橋
check "高橋 finds 髙橋" finds 高橋 髙橋
check "'dmitry' finds Дмитрий" finds dmitry Дмитрий
check "'odeg' finds Ødegård" finds odeg Ødegård

echo "1..$n"
exit $status
