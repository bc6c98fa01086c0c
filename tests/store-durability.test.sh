#!/bin/sh
# store-durability.test.sh: SIGKILL a process that checks people in, many times; every
# acknowledged check-in must survive and the database must stay intact. Then two
# processes race to check in the same attendees: one arrival each, the same number.
set -u
BIN=${FRONTDESK_BIN:-$(pwd)/build/frontdesk}
HELPER=$(dirname "$BIN")/tests/helper-checkin-loop
DIR=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-durability.XXXXXX")
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT INT TERM
n=0
check() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

"$HELPER" seed "$DIR" 5000; check $? "seed 5000 attendees"

# ---- kill -9 at random moments -------------------------------------------
rounds=25; bad=0; total=0
: > "$DIR/acked"
for round in $(seq 1 $rounds); do
  "$HELPER" loop "$DIR" > "$DIR/out" 2> "$DIR/err" &
  pid=$!
  ms=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 250 + 20 ))
  sleep "$(printf '0.%03d' "$ms")"
  kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
  # Only whole lines were acknowledged (a line is written after its commit).
  awk '/^[0-9]+$/' "$DIR/out" >> "$DIR/acked"
  if ! "$HELPER" verify "$DIR" < "$DIR/acked" > "$DIR/verify" 2>&1; then
    bad=$((bad + 1)); cat "$DIR/verify" >&2
  fi
done
total=$(wc -l < "$DIR/acked")
echo "# $rounds rounds, $total acknowledged check-ins" >&2
check $bad "after $rounds SIGKILLs every acknowledged check-in is there with its badge and sticker jobs, integrity ok"
[ "$total" -gt "$rounds" ]; check $? "the loop made progress ($total check-ins)"
dup=$(sort "$DIR/acked" | uniq -d | wc -l)
check "$dup" "no attendee was acknowledged twice"

# ---- two processes, same attendees, same moment ---------------------------
rm -rf "$DIR"/*; "$HELPER" seed "$DIR" 400
"$HELPER" race "$DIR" 1 400 > "$DIR/a" 2>&1 & a=$!
"$HELPER" race "$DIR" 1 400 > "$DIR/b" 2>&1 & b=$!
sleep 0.3; touch "$DIR/go"
wait $a; ra=$?; wait $b; rb=$?
[ $ra -eq 0 ] && [ $rb -eq 0 ]; check $? "both racing processes finished"
sort -n "$DIR/a" > "$DIR/a.s"; sort -n "$DIR/b" > "$DIR/b.s"
# Same attendee -> same number in both; exactly one of the two was first.
diff_numbers=$(join "$DIR/a.s" "$DIR/b.s" | awk '$2 != $4 || $3 + $5 != 1' | wc -l)
rows=$(join "$DIR/a.s" "$DIR/b.s" | wc -l)
[ "$rows" -eq 400 ] && [ "$diff_numbers" -eq 0 ]
check $? "400 attendees: both processes got the same number, exactly one got it first"
first_a=$(awk '$3 == 0' "$DIR/a" | wc -l)
echo "# process A was first for $first_a of 400" >&2
uniq_numbers=$(awk '{print $2}' "$DIR/a" | sort -n | uniq | wc -l)
[ "$uniq_numbers" -eq 400 ]; check $? "400 distinct check-in numbers"
arrivals=$(cd "$DIR" && sqlite3 frontdesk.db "SELECT count(*) FROM arrivals WHERE kind='checkin'")
[ "$arrivals" -eq 400 ]; check $? "exactly one arrival per attendee ($arrivals)"
echo "1..$n"
