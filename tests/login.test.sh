#!/bin/sh
# login.test.sh: organizer login against a real `frontdesk serve`: attempts counted before the
# hash check (parallel guesses gain nothing), per address and per account, NUL and control
# characters refused, and `frontdesk passwd` ending the sessions of a running station.
set -u
top=${FRONTDESK_TOP:-$(pwd)}
bin=${FRONTDESK_BIN:-$top/build/frontdesk}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-login.XXXXXX")
n=0; pid=; wpid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  [ -n "$wpid" ] && kill "$wpid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
check() { desc=$1; shift; if "$@" >/dev/null 2>&1; then ok 0 "$desc"; else ok 1 "$desc"; fi; }

sed "s|@STATE@|$tmp/state|g" "$top/tests/data/server/station.conf" > "$tmp/station.conf"
(umask 022; exec "$bin" serve --config "$tmp/station.conf" --state-dir "$tmp/state") \
  > "$tmp/out" 2> "$tmp/err" & pid=$!
( sleep 90; kill "$pid" 2>/dev/null ) & wpid=$!
i=0; while ! grep -q 'listening on' "$tmp/out" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
url=$(sed -n 's/^frontdesk: listening on \([^ ]*\) .*/\1/p' "$tmp/out")
pw=$(sed -n 's/^frontdesk: organizer password .*: \([a-z0-9-]*\)$/\1/p' "$tmp/out")
check "the server started and printed a password" test -n "$url" -a -n "$pw"
modes=$(stat -c '%a %n' "$tmp"/state/frontdesk.db* "$tmp"/state/backups/*.db)
check "while serving (umask 022), the database, its WAL and shm and the backup are 0600" \
  sh -c "echo '$modes' | grep -q 'db-wal\$' && echo '$modes' | grep -q 'db-shm\$' && ! echo '$modes' | grep -v '^600 '"

# login BODY [EXTRA CURL ARGS]: prints the status; the body goes to $tmp/body, headers to $tmp/head.
login() {
  b=$1; shift
  printf '%s' "$b" > "$tmp/in.$$"
  curl -s -o "$tmp/body" -D "$tmp/head" -w '%{http_code}' -X POST "$@" \
    -H 'Content-Type: application/json' --data-binary "@$tmp/in.$$" "${url}api/login"
}

st=$(login "{\"password\": \"$pw\\u0000anything\"}")
check "a password with \\u0000 in it is refused (422), not cut at the NUL" sh -c "test $st = 422 && grep -q bad_value $tmp/body"
st=$(login "{\"password\": \"$pw\\u0007\"}")
check "a password with a control character is refused (422)" test "$st" = 422
st=$(login "{\"password\": \"$pw\"}")
check "the right password logs in" test "$st" = 200
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: \(fd_session=[0-9a-f]*\);.*/\1/p' "$tmp/head")
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "${url}api/session")
check "the session is live" test "$st" = 200

# 40 wrong passwords at once from one address: counted as they start, so at most 3 are checked.
for i in $(seq 1 40); do
  printf '{"password": "guess number %s"}' "$i" > "$tmp/guess$i"
  curl -s -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: application/json' \
    --data-binary "@$tmp/guess$i" "${url}api/login" > "$tmp/code$i" &
done
wait_for() { i=0; while [ "$(cat "$tmp"/code* 2>/dev/null | wc -l)" -lt 40 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done; }
wait_for
checked=$(cat "$tmp"/code* | grep -c '^401$'); refused=$(cat "$tmp"/code* | grep -c '^429$')
check "40 parallel wrong passwords: at most 3 reach the hash check ($checked checked, $refused refused)" \
  sh -c "test $checked -le 3 && test $((checked + refused)) -eq 40"

# The password changes while the station runs: the old session ends.
echo "a new organizer passphrase" | "$bin" passwd --state-dir "$tmp/state" > /dev/null
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "${url}api/session")
check "frontdesk passwd ends the sessions of a running station (401)" test "$st" = 401
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "${url}api/attendees")
check "the old session cannot reach organizer endpoints" test "$st" = 401
printf 'has a\000nul byte inside\n' | "$bin" passwd --state-dir "$tmp/state" > /dev/null 2>&1
check "frontdesk passwd refuses a password with a NUL byte" test $? -ne 0
printf 'has an \033 escape inside\n' | "$bin" passwd --state-dir "$tmp/state" > /dev/null 2>&1
check "frontdesk passwd refuses a password with a control character" test $? -ne 0

echo "1..$n"
