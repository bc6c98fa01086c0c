#!/bin/sh
# store-cli.test.sh: the store's subcommands: search, checkin, stats, export, backup, purge.
set -u
BIN=${FRONTDESK_BIN:-$(pwd)/build/frontdesk}
HELPER=$(dirname "$BIN")/tests/helper-checkin-loop
DIR=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-cli.XXXXXX")
trap 'rm -rf "$DIR"' EXIT INT TERM
n=0
check() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
fd() { "$BIN" "$@" --state-dir "$DIR"; }

"$HELPER" seed "$DIR" 30; check $? "seed"

out=$(fd search person0001 --limit 5); check $? "search runs"
echo "$out" | grep -q "Person00010"; check $? "search finds by name prefix"
[ "$(echo "$out" | wc -l)" -eq 5 ]; check $? "search --limit caps the results"
fd search 山田 --json > "$DIR/s.json"
node -e 'const a=JSON.parse(require("fs").readFileSync(process.argv[1]));
  if (a.length !== 15 || a.some(x => x.last_name !== "山田" || "email" in x)) process.exit(1)' \
  "$DIR/s.json"; check $? "search --json: CJK, valid JSON, no email"

out=$(fd checkin T00003 --station door-1); check $? "checkin by ticket code"
[ "$out" = "#1 Person00003 Müller" ]; check $? "checkin prints the number ($out)"
out=$(fd checkin 4); [ "$out" = "already checked in: #1 Person00003 Müller" ]
check $? "checkin by id again: same number ($out)"
fd checkin T00005 > /dev/null; fd checkin T00005 --undo > /dev/null; check $? "undo"
fd checkin NOPE 2> "$DIR/err"; [ $? -eq 1 ] && grep -q "no attendee" "$DIR/err"
check $? "unknown code: exit 1 with a message"
fd stats --event nosuch 2> "$DIR/err"; [ $? -eq 1 ] && grep -q 'event "nosuch"' "$DIR/err"
check $? "unknown event: exit 1 naming it"

fd stats --json > "$DIR/st.json"; check $? "stats --json"
node -e 'const s=JSON.parse(require("fs").readFileSync(process.argv[1]));
  if (s.total.registered !== 30 || s.total.arrived !== 1 || s.total.no_shows !== 29) process.exit(1)' \
  "$DIR/st.json"; check $? "stats: 30 registered, 1 arrived, 29 no-shows"
fd stats | grep -q "^total"; check $? "stats as text"

fd export --arrivals -o "$DIR/a.csv" 2> /dev/null; check $? "export --arrivals -o"
# docs/store.md: a BOM, status first, the arrivals then the no-shows, names for everyone.
tr -d '\r' < "$DIR/a.csv" > "$DIR/a.txt"
head -1 "$DIR/a.txt" | grep -qx "$(printf '\357\273\277')status,number,checked_in_at,ticket_type,group,walkin,shared,first_name,last_name,company,title,email" &&
  [ "$(wc -l < "$DIR/a.txt")" -eq 31 ] && sed -n 2p "$DIR/a.txt" | grep -q '^arrived,1,20[^,]*,,,no,no,Person00003,Müller,,,$' &&
  [ "$(grep -c '^no-show,,,,,no,no,Person000[0-9][0-9],' "$DIR/a.txt")" -eq 29 ]
check $? "export: header, one arrival, then 29 no-shows with names"
# Company, title and e-mail only for those who agreed to share them (a roster's consent column).
printf 'first_name,last_name,company,title,email,ticket_code,consent\nAda,Lovelace,Engines Ltd,Countess,ada@example.org,C-1,yes\nGrace,Hopper,US Navy,Admiral,grace@example.org,C-2,no\nAlan,Turing,NPL,Fellow,alan@example.org,C-3,\n' > "$DIR/consent.csv"
C="$DIR/consent"; mkdir -p "$C"
"$BIN" import "$DIR/consent.csv" --event-name Consent --event-date 2026-11-22 --state-dir "$C" > /dev/null 2>&1 &&
  "$BIN" checkin C-1 --state-dir "$C" > /dev/null && "$BIN" checkin C-2 --state-dir "$C" > /dev/null &&
  "$BIN" export --arrivals --state-dir "$C" 2> /dev/null | tr -d '\r' > "$DIR/c.txt"
grep -q '^arrived,1,.*,no,yes,Ada,Lovelace,Engines Ltd,Countess,ada@example.org$' "$DIR/c.txt" &&
  grep -q '^arrived,2,.*,no,no,Grace,Hopper,,,$' "$DIR/c.txt" && grep -q '^no-show,,,,,no,no,Alan,Turing,,,$' "$DIR/c.txt"
check $? "export: contact details only with consent (names for everyone)"
! grep -qE 'US Navy|Admiral|grace@|NPL|Fellow|alan@' "$DIR/c.txt"; check $? "export: no contact details without consent"

out=$(fd backup); [ -f "$out" ] && case "$out" in "$DIR"/backups/frontdesk-*.db) true ;; *) false ;; esac
check $? "backup into STATE_DIR/backups ($out)"
[ "$(sqlite3 "$out" 'PRAGMA integrity_check')" = ok ]; check $? "the backup is a sound database"
fd backup -o "$DIR/copy.db" > /dev/null && [ -f "$DIR/copy.db" ]; check $? "backup -o FILE"
# The database holds names and e-mail addresses: every file of it is private, even with umask 022.
(umask 022; "$HELPER" seed "$DIR/fresh" 3 > /dev/null; fd backup > /dev/null
 fd backup -o "$DIR/copy2.db" > /dev/null) 2> /dev/null
modes=$(stat -c '%a %n' "$DIR"/fresh/frontdesk.db* "$DIR"/frontdesk.db* "$DIR"/backups/*.db "$DIR/copy2.db")
! echo "$modes" | grep -v '^600 ' > /dev/null
check $? "database and backup files are 0600 ($(echo "$modes" | grep -vc '^600 ') not)"
chmod 0644 "$DIR/frontdesk.db"; fd stats > /dev/null
[ "$(stat -c %a "$DIR/frontdesk.db")" = 600 ]; check $? "an older 0644 database is made 0600 when opened"

fd purge --event demo | grep -q "would delete"; check $? "purge without --yes only says what"
fd search person --limit 1 | grep -q Person; check $? "...and deletes nothing"
fd purge --event demo --yes > /dev/null; check $? "purge --yes"
[ -z "$(fd search person)" ]; check $? "after the purge nobody is found"
fd stats --json | node -e 'const s=JSON.parse(require("fs").readFileSync(0));
  if (s.total.registered !== 30 || s.total.arrived !== 1) process.exit(1)'
check $? "after the purge the counts remain"
fd purge 2> /dev/null; [ $? -eq 2 ]; check $? "purge needs --event"
echo "1..$n"
