#!/bin/sh
# serve.test.sh: `frontdesk serve` end to end over HTTP: readiness (sd_notify), JSON
# errors, limits, organizer guard, static assets, live feed, reload and shutdown.
set -u
top=${FRONTDESK_TOP:-$(pwd)}
bin=${FRONTDESK_BIN:-$top/build/frontdesk}
helper=$(dirname "$bin")/tests/helper-notify
tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-serve.XXXXXX")
n=0; pid=; npid=; wpid=; pid2=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  [ -n "$npid" ] && kill "$npid" 2>/dev/null
  [ -n "$wpid" ] && kill "$wpid" 2>/dev/null
  [ -n "$pid2" ] && kill "$pid2" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
check() { desc=$1; shift; if "$@" >/dev/null 2>&1; then ok 0 "$desc"; else ok 1 "$desc"; fi; }

sed "s|@STATE@|$tmp/state|g" "$top/tests/data/server/station.conf" > "$tmp/station.conf"
"$helper" "$tmp/notify.sock" 20 > "$tmp/notify.out" 2>&1 & npid=$!
i=0; while [ ! -S "$tmp/notify.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
NOTIFY_SOCKET="$tmp/notify.sock" "$bin" serve --config "$tmp/station.conf" \
  --state-dir "$tmp/state" > "$tmp/out" 2> "$tmp/err" & pid=$!
( sleep 120; kill "$pid" 2>/dev/null ) & wpid=$! # stops by itself even if this script dies
wait "$npid"; ok $? "READY=1 arrives on NOTIFY_SOCKET"; npid=
url=$(sed -n 's/^frontdesk: listening on \([^ ]*\) .*/\1/p' "$tmp/out")
case "$url" in http://127.0.0.1:[0-9]*/) ok 0 "port 0 picks a port and prints the URL ($url)" ;;
  *) ok 1 "port 0 picks a port and prints the URL"; cat "$tmp/err"; exit 1 ;; esac

# req METHOD PATH [BODY-FILE]: prints the status; the body goes to $tmp/body, headers to $tmp/head.
# Requests act as a kiosk does: with the cookie the kiosk page set ($tmp/jar, see below).
req() {
  if [ $# -ge 3 ]; then
    curl -s -b "$tmp/jar" -c "$tmp/jar" -o "$tmp/body" -D "$tmp/head" -w '%{http_code}' \
      -X "$1" -H 'Content-Type: application/json' --data-binary "@$3" "$url${2#/}"
  else
    curl -s -b "$tmp/jar" -c "$tmp/jar" -o "$tmp/body" -D "$tmp/head" -w '%{http_code}' \
      -X "$1" "$url${2#/}"
  fi
}
: > "$tmp/jar"
st=$(req GET /api/search?q=zz); check "before the kiosk page, kiosk endpoints are 401" \
  sh -c "test $st = 401 && grep -q kiosk_session $tmp/body"
st=$(req GET /kiosk/); check "the kiosk page sets an HttpOnly kiosk cookie" \
  sh -c "test $st = 200 && grep -qi '^Set-Cookie: fd_kiosk=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict' $tmp/head"
json_error() { grep -q "\"error\":{\"code\":\"$1\"" "$tmp/body"; }
body() { printf '%s' "$1" > "$tmp/in"; echo "$tmp/in"; }

st=$(req GET /api/status); check "GET /api/status is 200" test "$st" = 200
check "status names the station and event" grep -q '"station":"door".*"name":"Test Day"' "$tmp/body"
check "status shows consent and privacy text" grep -q '"privacy":"Test privacy text."' "$tmp/body"
st=$(req GET '/api/status?station=nope'); check "unknown station is 404 JSON" sh -c "test $st = 404"
st=$(req GET /api/nowhere); check "unknown route is 404 JSON" test "$st" = 404
check "404 body is a JSON error" json_error not_found
st=$(req GET /api/checkin); check "wrong method is 405" test "$st" = 405
check "405 says which method" grep -qi '^Allow: POST' "$tmp/head"
st=$(req POST /api/checkin "$(body '{"id": ')"); check "malformed JSON is 400" test "$st" = 400
check "malformed JSON has code bad_json" json_error bad_json
printf '{"first_name":"\377\376"}' > "$tmp/bad-utf8"
st=$(req POST /api/walkin "$tmp/bad-utf8"); check "invalid UTF-8 is 400" test "$st" = 400
check "invalid UTF-8 has code bad_utf8" json_error bad_utf8
st=$(req POST /api/checkin "$(body '{"id": 5}')"); check "wrong type is 422" test "$st" = 422
check "wrong type names the field" grep -q '"field":"id"' "$tmp/body"
st=$(req POST /api/walkin "$(body '{"first_name": ["x"], "consent": true}')")
check "walk-in name of wrong type is 422" test "$st" = 422
st=$(req POST /api/walkin "$(body '{"first_name": "Ada", "consent": "yes"}')")
check "consent must be a boolean" sh -c "test $st = 422 && grep -q '\"field\":\"consent\"' $tmp/body"
st=$(req POST /api/checkin "$(body '[1,2]')"); check "a JSON array body is 422" test "$st" = 422
head -c 100000 /dev/zero | tr '\0' 'a' > "$tmp/big"
st=$(req POST /api/walkin "$tmp/big"); check "oversized body is 413" test "$st" = 413
check "413 body is a JSON error" json_error too_large
st=$(req POST /api/checkin "$(body '{"id": "1.deadbeefdeadbeefdead"}')")
check "a forged kiosk id is 403 (not this kiosk's)" sh -c "test $st = 403 && grep -q not_yours $tmp/body"
long=$(head -c 300 /dev/zero | tr '\0' 'x')
st=$(req GET "/api/search?q=$long"); check "an overlong search is 422" test "$st" = 422
st=$(req GET '/api/search?q=%FF%FE'); check "search with invalid UTF-8 is 400" test "$st" = 400
st=$(req GET '/api/search?q=a'); check "one character finds nobody" sh -c "test $st = 200 && grep -q '\"results\":\\[\\]' $tmp/body"
for p in /api/attendees /api/attendees/1 /api/layouts /api/printers /api/jobs /api/import /api/export; do
  st=$(req GET "$p"); check "kiosk cannot reach $p (401)" sh -c "test $st = 401 && grep -q unauthorized $tmp/body"
done
st=$(req DELETE /api/attendees/1.abc); check "DELETE of an attendee is 401" test "$st" = 401

st=$(req GET /kiosk/); check "kiosk page is served" test "$st" = 200
check "kiosk page has CSP default-src 'self'" grep -qi "^Content-Security-Policy: default-src 'self'" "$tmp/head"
check "kiosk page is text/html" grep -qi '^Content-Type: text/html' "$tmp/head"
st=$(req GET /kiosk/side); check "/kiosk/side is served" test "$st" = 200
st=$(req GET /kiosk/nope); check "/kiosk/UNKNOWN is 404" test "$st" = 404
st=$(req GET /static/kiosk/kiosk.js); check "kiosk.js is text/javascript" sh -c "test $st = 200 && grep -qi '^Content-Type: text/javascript' $tmp/head"
check "static assets have Cache-Control" grep -qi '^Cache-Control: max-age' "$tmp/head"
st=$(req GET /static/i18n/ja.json); check "Japanese catalog is served" test "$st" = 200
st=$(req GET /static/../../etc/passwd); check "no path traversal" sh -c "test $st = 404"
st=$(req GET /); check "/ redirects to the kiosk" sh -c "test $st = 302 && grep -qi '^Location: .*/kiosk/' $tmp/head"

curl -s -N --max-time 1 -b "$tmp/jar" "${url}api/events" > "$tmp/sse" 2>/dev/null
check "live feed is an event stream for the kiosk" grep -q '^retry: 2000' "$tmp/sse"
st=$(curl -s -o "$tmp/body" -w '%{http_code}' --max-time 2 "${url}api/events")
check "live feed without a kiosk cookie or organizer session is 401" test "$st" = 401

# Rate limit: burst 40 per address, then 429 with JSON and Retry-After.
codes=$(for i in $(seq 1 60); do curl -s -b "$tmp/jar" -o /dev/null -w '%{http_code}\n' "${url}api/search?q=zz"; done | sort | uniq -c)
check "kiosk endpoints are rate-limited (429)" sh -c "echo '$codes' | grep -q ' 429'"
# the bucket refills while a slow (sanitized) server answers: ask until one answer is the 429
i=0; st=
while [ $i -lt 80 ] && [ "$st" != 429 ]; do st=$(req GET '/api/search?q=zz'); i=$((i + 1)); done
check "429 has Retry-After and a JSON error" sh -c "test '$st' = 429 && grep -qi '^Retry-After:' $tmp/head && grep -q rate_limited $tmp/body"

# Organizer sessions: the password printed once on first start, cookie + CSRF, back-off.
pw=$(sed -n 's/^frontdesk: organizer password .*: \([a-z0-9-]*\)$/\1/p' "$tmp/out")
check "first start prints an organizer password" test -n "$pw"
check "the password hash file is private (0600)" sh -c "stat -c %a '$tmp/state/organizer.pwhash' | grep -qx 600"
check "the password is not in the log" sh -c "! grep -qF -- '$pw' '$tmp/err'"
st=$(req POST /api/login "$(body "{\"password\": \"$pw\"}")")
check "login with the password is 200" test "$st" = 200
check "the session cookie is HttpOnly and SameSite=Strict" grep -qi '^Set-Cookie: fd_session=.*HttpOnly; SameSite=Strict' "$tmp/head"
cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: \(fd_session=[0-9a-f]*\);.*/\1/p' "$tmp/head")
csrf=$(sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p' "$tmp/body")
st=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Cookie: $cookie" "${url}api/attendees")
check "with a session, GET /api/attendees is 200" test "$st" = 200
st=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Cookie: $cookie" -X POST -d '{}' "${url}api/import")
check "a changing request without the CSRF header is 403" sh -c "test $st = 403 && grep -q csrf $tmp/body"
st=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -X POST "${url}api/logout")
check "logout with the CSRF header is 200" test "$st" = 200
st=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Cookie: $cookie" "${url}api/attendees")
check "after logout the session is gone (401)" test "$st" = 401
for i in 1 2 3; do req POST /api/login "$(body '{"password": "not-the-password"}')" > /dev/null; done
check "a wrong password is 401" json_error bad_password
st=$(req POST /api/login "$(body "{\"password\": \"$pw\"}")")
check "after 3 wrong passwords logins back off (429)" sh -c "test $st = 429 && grep -qi '^Retry-After:' $tmp/head"

echo "a new organizer passphrase" | "$bin" passwd --state-dir "$tmp/state" > /dev/null
check "frontdesk passwd refuses short passwords" sh -c "! echo short | '$bin' passwd --state-dir '$tmp/state' 2>/dev/null"
sleep 4.5 # the back-off after 3 wrong passwords
st=$(req POST /api/login "$(body '{"password": "a new organizer passphrase"}')")
check "frontdesk passwd changes the password of a running station" test "$st" = 200

# Reload: a broken file is refused and the old config kept; a good one is taken.
cp "$tmp/station.conf" "$tmp/good.conf"
printf '[event]\nwalkins = perhaps\n' >> "$tmp/station.conf"
kill -HUP "$pid"; sleep 0.5
check "a broken config on SIGHUP is refused and logged" grep -q 'event=reload result=kept-old' "$tmp/err"
st=$(req GET /api/status); check "the old config stays in use" grep -q '"name":"Test Day"' "$tmp/body"
sed 's/^name = Test Day/name = Renamed Day/' "$tmp/good.conf" > "$tmp/station.conf"
kill -HUP "$pid"; sleep 0.5
curl -s "${url}api/status" > "$tmp/body"
check "a good config on SIGHUP is taken" grep -q '"name":"Renamed Day"' "$tmp/body"
sed 's/^badge_layout = .*/badge_layout = no-such-layout.json/' "$tmp/good.conf" > "$tmp/station.conf"
kill -HUP "$pid"; sleep 0.5
check "a config naming a missing layout is refused on SIGHUP" sh -c "grep 'kept-old' '$tmp/err' | grep -q 'no-such-layout.json'"
curl -s "${url}api/status" > "$tmp/body"
check "the old config and layouts stay in use" grep -q '"name":"Renamed Day"' "$tmp/body"
check "no email addresses in the log" sh -c "! grep -q '@' $tmp/err"

check "a backup is taken at start" sh -c "ls '$tmp/state/backups/'*.db"

# The watchdog: with WATCHDOG_USEC set, WATCHDOG=1 pings arrive.
"$helper" "$tmp/wd.sock" 10 WATCHDOG=1 > /dev/null 2>&1 & npid=$!
i=0; while [ ! -S "$tmp/wd.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
NOTIFY_SOCKET="$tmp/wd.sock" WATCHDOG_USEC=400000 "$bin" serve --config "$tmp/good.conf" \
  --state-dir "$tmp/state2" --listen 127.0.0.1:0 > /dev/null 2>&1 & pid2=$!
wait "$npid"; ok $? "WATCHDOG=1 pings arrive when WATCHDOG_USEC is set"; npid=
kill "$pid2"; wait "$pid2"; pid2=

kill -TERM "$pid"
i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
wait "$pid"; status=$?; pid=
check "SIGTERM stops the server cleanly (exit 0)" test "$status" = 0
echo "1..$n"
