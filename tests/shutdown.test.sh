#!/bin/sh
# shutdown.test.sh: SIGTERM while 50 check-ins arrive and their badges print through a real
# cupsd: frontdesk serve exits cleanly (no crash, no sanitizer report when FRONTDESK_BIN is the
# ASan build) and nothing acknowledged is lost: every check-in answered 200 is stored with its
# badge job, which prints after the restart.
set -u
top=${FRONTDESK_TOP:-$(pwd)}
bin=${FRONTDESK_BIN:-$top/build/frontdesk}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-shutdown.XXXXXX")
harness="$top/tests/lib/cupsd-harness.sh"
chmod 755 "$tmp" # the filters run as lp and read the spool inside it
n=0; pid=; wpid=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  [ -n "$wpid" ] && kill "$wpid" 2>/dev/null
  sh "$harness" stop "$tmp/cups"
  [ -n "${KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

server=$(sh "$harness" start "$tmp/cups" 5 $$ 2>"$tmp/harness.err") || { cat "$tmp/harness.err" >&2; echo "Bail out! no cupsd"; exit 1; }
export "$server"

{ echo "First Name,Last Name,Email,Ticket"
  i=1; while [ $i -le 60 ]; do printf 'Person%02d,Tester,p%02d@example.org,T-%04d\n' $i $i $i; i=$((i + 1)); done
} > "$tmp/roster.csv"
"$bin" import --format csv --map Ticket=ticket_code -e burst --event-name Burst \
  --event-date 2026-11-22 --state-dir "$tmp/state" "$tmp/roster.csv" > "$tmp/import.out" 2>&1
ok $? "a roster of 60 imports"
cat > "$tmp/station.conf" <<CONF
[server]
listen = 127.0.0.1:0
station = door
kiosk_rate = 1000
kiosk_burst = 1000
[event]
slug = burst
name = Burst
date = 2026-11-22
[station door]
badge_printer = dymo
badge_layout = dymo-30256.json
CONF

# serve: starts the station; sets pid and url.
serve() {
  "$bin" serve --config "$tmp/station.conf" --state-dir "$tmp/state" > "$tmp/out" 2> "$tmp/err" & pid=$!
  ( sleep 90; kill -9 "$pid" 2>/dev/null ) & wpid=$! # stops by itself even if this script dies
  i=0; while ! grep -q '^frontdesk: listening on' "$tmp/out" && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
  url=$(sed -n 's/^frontdesk: listening on \([^ ]*\) .*/\1/p' "$tmp/out")
  [ -n "$url" ] || { cat "$tmp/err" >&2; echo "Bail out! serve did not start"; exit 1; }
}
serve

# 50 check-ins at once from the station's kiosk (its page's cookie), then SIGTERM while
# they are answered and printed
curl -s -c "$tmp/jar" -o /dev/null "${url}kiosk/"
i=1; curls=
while [ $i -le 50 ]; do
  code=$(printf 'T-%04d' $i)
  curl -s -m 30 -b "$tmp/jar" -o "$tmp/r$i" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data "{\"code\":\"$code\"}" "${url}api/checkin" > "$tmp/s$i" 2>/dev/null &
  curls="$curls $!"
  i=$((i + 1))
done
sleep 0.3
kill -TERM "$pid"
wait_pid() { i=0; while kill -0 "$1" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done; ! kill -0 "$1" 2>/dev/null; }
wait_pid "$pid"; stopped=$?
wait "$pid"; status=$?
kill "$wpid" 2>/dev/null; pid=; wpid=
for c in $curls; do wait "$c" 2>/dev/null; done
[ $stopped -eq 0 ] && [ $status -eq 0 ]
ok $? "serve stops on SIGTERM during the burst, exit status 0 (got $status)"
! grep -qE 'AddressSanitizer|runtime error:|LeakSanitizer|Segmentation|CRITICAL' "$tmp/err"
r=$?
[ $r -eq 0 ] || grep -E -A12 'AddressSanitizer|runtime error:|CRITICAL' "$tmp/err" | head -30 | sed 's/^/# /'
ok $r "no crash and no sanitizer report"

acked=0; missing=0
i=1
while [ $i -le 50 ]; do
  if [ "$(cat "$tmp/s$i" 2>/dev/null)" = 200 ]; then
    acked=$((acked + 1))
    code=$(printf 'T-%04d' $i)
    jobs=$(sqlite3 "$tmp/state/frontdesk.db" "SELECT count(*) FROM attendees a JOIN print_jobs j
      ON j.attendee_id = a.id AND j.kind = 'badge' WHERE a.ticket_code = '$code' AND a.checkin_number IS NOT NULL")
    [ "$jobs" = 1 ] || missing=$((missing + 1))
  fi
  i=$((i + 1))
done
echo "# $acked of 50 check-ins were answered 200 before the shutdown"
[ $missing -eq 0 ] && [ $acked -gt 0 ]
ok $? "every acknowledged check-in is stored with its badge job ($acked acknowledged, $missing without)"

# after the restart, every stored badge prints exactly once
serve
i=0
while [ $i -lt 300 ]; do
  left=$(sqlite3 "$tmp/state/frontdesk.db" "SELECT count(*) FROM print_jobs WHERE state <> 'completed'")
  [ "$left" = 0 ] && break
  sleep 0.2; i=$((i + 1))
done
kill -TERM "$pid"; wait_pid "$pid"; wait "$pid"; status=$?
kill "$wpid" 2>/dev/null; pid=; wpid=
stored=$(sqlite3 "$tmp/state/frontdesk.db" "SELECT count(*) FROM print_jobs")
pages=$(wc -l < "$tmp/cups/log/page_log")
[ "$left" = 0 ] && [ "$pages" = "$stored" ] && [ "$status" -eq 0 ]
ok $? "after the restart all $stored stored badges printed, each once ($pages pages, $left left, exit $status)"
echo "1..$n"
