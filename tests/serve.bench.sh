#!/bin/sh
# serve.bench.sh: `frontdesk serve` under load from 127.0.0.1 (wrk): check-in latency and
# throughput with 50 clients, search round trip with 10,000 attendees, and the server's RSS.
# Prints figures; asserts nothing about time. Targets: search p99 <= 20 ms, RSS <= 50 MB.
set -u
top=${FRONTDESK_TOP:-$(pwd)}
bin=${FRONTDESK_BIN:-$top/build/frontdesk}
seed=$(dirname "$bin")/tests/helper-seed
secs=${BENCH_SECONDS:-5}
command -v wrk > /dev/null || { echo "wrk is not installed; skipping"; exit 0; }
[ -x "$seed" ] || { echo "helper-seed not built (make tests); skipping"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-bench.XXXXXX")
pid=; wpid=
# The server is waited for before its state folder goes: killed but still
# shutting down, it would write into the folder after rm and leave it behind.
cleanup() {
  [ -n "$wpid" ] && kill "$wpid" 2>/dev/null
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# 10,000 attendees with varied names and ticket codes B-1 .. B-10000.
awk 'BEGIN {
  split("Ada Grace José Søren Zoë Łukasz İlkay Björk Priya Chidinma Matti Jürgen Ana Oleg Minh Hanako Taro Wei Minjun Siobhán", f, " ");
  split("Lovelace Hopper Müller Kierkegaard Ångström Wiśniewski Çelik Guðmundsdóttir Raghunathan Okonkwo Virtanen Groß Gonçalves Petrov Nguyen Yamada Sato Wang Kim Brennan", l, " ");
  print "first_name,last_name,company,email,ticket_code";
  for (i = 1; i <= 10000; i++)
    printf "%s,%s%d,Company %d,p%d@example.org,B-%d\n", f[i % 20 + 1], l[int(i / 20) % 20 + 1], i, i % 300, i, i;
}' > "$tmp/roster.csv"
sed "s|@STATE@|$tmp/state|g" "$top/tests/data/server/station.conf" > "$tmp/station.conf"
"$bin" serve --config "$tmp/station.conf" --state-dir "$tmp/state" --set server.kiosk_rate=100000 \
  --set server.kiosk_burst=100000 --set server.kiosk_searches=100000 --set server.backup_minutes=0 \
  > "$tmp/out" 2> "$tmp/err" & pid=$!
# Watchdog; when the bench ends first, it stops its own sleep.
( trap 'kill "$s" 2>/dev/null; exit 0' TERM; sleep 300 & s=$!; wait "$s"; kill "$pid" 2>/dev/null ) &
wpid=$!
i=0; while ! grep -q 'listening on' "$tmp/out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
url=$(sed -n 's/^frontdesk: listening on \(http[^ ]*\)\/ .*/\1/p' "$tmp/out")
"$seed" "$tmp/state" test-day "$tmp/roster.csv" > /dev/null
# wrk acts as one kiosk: the cookie its page set
kiosk=$(curl -s -D - -o /dev/null "${url}/kiosk/" | sed -n 's/^[Ss]et-[Cc]ookie: \(fd_kiosk=[0-9a-f]*\);.*/\1/p')
rss() { awk '/^VmRSS/ { printf "%.1f MB", $2 / 1024 }' "/proc/$pid/status"; }
echo "attendees: 10000; RSS after loading: $(rss)"

cat > "$tmp/search.lua" <<'LUA'
local q = {"ada", "lovel", "müll", "kierk", "grace", "hopp", "zoë", "çelik", "yamada", "okonk",
           "virt", "groß", "petrov", "sato", "wang", "björk", "priya", "raghu", "ana g", "minh"}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/search?q=" .. q[n % #q + 1]:gsub("[^%w]", function(c)
    return string.format("%%%02X", string.byte(c)) end))
end
LUA
cat > "$tmp/checkin.lua" <<'LUA'
local threads, counter = {}, 0
setup = function(thread) counter = counter + 1; thread:set("base", (counter - 1) * 5000) end
local n = 0
request = function()
  n = n + 1
  local h = {["Content-Type"] = "application/json"}
  for k, v in pairs(wrk.headers) do h[k] = v end -- the kiosk cookie given with -H
  return wrk.format("POST", "/api/checkin", h, '{"code": "B-' .. (base + n) .. '"}')
end
LUA
echo "-- search round trip, 1 client, ${secs}s"
wrk -t1 -c1 -d"${secs}s" --latency -H "Cookie: $kiosk" -s "$tmp/search.lua" "$url" | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx'
echo "-- search, 10 clients, ${secs}s"
wrk -t2 -c10 -d"${secs}s" --latency -H "Cookie: $kiosk" -s "$tmp/search.lua" "$url" | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx'
echo "-- check-in (durable commit each), 50 clients, ${secs}s"
wrk -t2 -c50 -d"${secs}s" --latency -H "Cookie: $kiosk" -s "$tmp/checkin.lua" "$url" | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx'
echo "arrivals recorded: $(sqlite3 "$tmp/state/frontdesk.db" "SELECT count(*) FROM arrivals")"
echo "RSS after the load: $(rss)"
