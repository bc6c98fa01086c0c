#!/bin/sh
# sticker-flow.test.sh: checking in an attendee of group X prints X's sticker after the badge
# (frontdesk serve, kiosk check-in API, folder: pseudo printers, QR read back with zbarimg).
set -u
top=${FRONTDESK_TOP:-$(pwd)}
bin=${FRONTDESK_BIN:-$top/build/frontdesk}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-sticker-flow.XXXXXX")
n=0; pid=; wpid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  [ -n "$wpid" ] && kill "$wpid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

printf 'First Name,Last Name,Email,Group\nHaruka,Yamamoto,h@example.org,cloud-osaka\nMina,Sato,m@example.org,wit-kansai\nKenji,Ito,k@example.org,\nLee,Novak,l@example.org,Chicago Deep Dish Cloud\nAiko,Mori,a@example.org,cloud-osaka\n' \
  > "$tmp/roster.csv"
"$bin" import --format csv --map Group=group -e test-day --event-name "Test Day" \
  --event-date 2026-11-22 --state-dir "$tmp/state" "$tmp/roster.csv" > "$tmp/import.out" 2>&1
ok $? "roster with three groups and one without imports"
cat > "$tmp/station.conf" <<CONF
[server]
listen = 127.0.0.1:0
station = door
[event]
slug = test-day
name = Test Day
date = 2026-11-22
stickers = true
groups = cloud-osaka;wit-kansai;chicago
default_group = cloud-osaka
[station door]
badge_printer = folder:$tmp/badges
badge_layout = dymo-30256.json
sticker_printer = folder:$tmp/stickers
sticker_layout = stickers/pizza-square62.json
[group cloud-osaka]
name = JAWS-UG Osaka
url = https://ug.example.org/cloud-osaka
sticker_layout = stickers/cloud-round51.json
[group wit-kansai]
name = JAWS-UG Women in Tech Osaka & Kobe Chapter
url = https://ug.example.org/wit-kansai
sticker_layout = stickers/women-in-tech-square62.json
[group chicago]
name = Chicago Deep Dish Cloud
url = https://ug.example.org/chicago
CONF
# serve: starts the station on $tmp/station.conf; sets pid and url.
serve() {
  : > "$tmp/out"
  "$bin" serve --config "$tmp/station.conf" --state-dir "$tmp/state" > "$tmp/out" 2> "$tmp/err" & pid=$!
  ( sleep 60; kill "$pid" 2>/dev/null ) & wpid=$! # stops by itself even if this script dies
  i=0; while ! grep -q '^frontdesk: listening on' "$tmp/out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  url=$(sed -n 's/^frontdesk: listening on \([^ ]*\) .*/\1/p' "$tmp/out")
  [ -n "$url" ]; ok $? "serve starts"
  [ -n "$url" ] || { cat "$tmp/err"; exit 1; }
}
serve

# checkin NAME: checks NAME in at the kiosk (with the cookie its page set); prints the response.
: > "$tmp/jar"
checkin() {
  curl -s -b "$tmp/jar" -c "$tmp/jar" -o /dev/null "${url}kiosk/" # a new server: a new session
  id=$(curl -s -b "$tmp/jar" "${url}api/search?q=$1" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)
  curl -s -b "$tmp/jar" -X POST -H 'Content-Type: application/json' --data "{\"id\":\"$id\"}" \
    "${url}api/checkin"
}
# wait_file GLOB: waits up to 10 s for a file matching GLOB; prints its path.
wait_file() {
  i=0
  while [ $i -lt 100 ]; do
    for f in $1; do [ -s "$f" ] && { echo "$f"; return 0; }; done
    sleep 0.1; i=$((i + 1))
  done
  return 1
}

# one NAME GROUP-URL SIDE-MM [DIR]: check in NAME, expect a badge and then a sticker of
# SIDE-MM in DIR (default: the sticker printer's folder).
one() {
  rm -rf "$tmp/badges" "$tmp/stickers"
  sdir=${4:-$tmp/stickers}
  checkin "$1" > "$tmp/resp"
  grep -q '"checked_in":true' "$tmp/resp"; ok $? "$1 checks in"
  badge=$(wait_file "$tmp/badges/badge-*.png"); ok $? "$1: the badge prints"
  sticker=$(wait_file "$sdir/sticker-*.png"); ok $? "$1: a sticker prints on ${sdir##*/}"
  [ -n "$sticker" ] || return
  bjob=${badge##*badge-}; sjob=${sticker##*sticker-}
  [ "${bjob%.png}" -lt "${sjob%.png}" ]; ok $? "$1: the sticker is queued after the badge"
  size=$(od -An -tu1 -j16 -N8 "$sticker" | awk '{print ($1*16777216+$2*65536+$3*256+$4) "x" ($5*16777216+$6*65536+$7*256+$8)}')
  want=$(awk -v mm="$3" 'BEGIN { x = mm / 25.4 * 300; d = int(x); if (d < x) d++; print d "x" d }')
  [ "$size" = "$want" ]; ok $? "$1: the sticker is the $3 mm layout ($size dots at 300 dpi)"
  got=$(zbarimg -q -Sbinary --raw "$sticker" 2>/dev/null)
  [ "$got" = "$2" ]; ok $? "$1: the sticker's QR decodes to the group URL ($got)"
}
# the group's sticker_layout wins over the station's
one Haruka https://ug.example.org/cloud-osaka 51
one Mina https://ug.example.org/wit-kansai 62
# no group: the default group (cloud-osaka, round 51)
one Kenji https://ug.example.org/cloud-osaka 51
# a group given by its name, without sticker_layout: the station's (square 62)
one Lee https://ug.example.org/chicago 62

# without a sticker printer the sticker follows the badge on the badge printer
kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; kill "$wpid" 2>/dev/null
sed -i '/^sticker_printer = /d' "$tmp/station.conf"
serve
one Aiko https://ug.example.org/cloud-osaka 51 "$tmp/badges"
