#!/bin/sh
# sticker-cups.test.sh: a 62 mm group sticker printed through the private cupsd on the Brother QL
# queue comes out as 62 mm tape, about 62 mm long, with a QR that reads back as the group URL.
set -u
top=${FRONTDESK_TOP:-$(pwd)}
bin=${FRONTDESK_BIN:-$top/build/frontdesk}
tests_bin=$(dirname "$bin")/tests
harness="$top/tests/lib/cupsd-harness.sh"
dir=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-sticker-cups.XXXXXX")
trap 'sh "$harness" stop "$dir"; [ -n "${KEEP:-}" ] || rm -rf "$dir"' EXIT INT TERM
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

server=$(sh "$harness" start "$dir" 5 $$ 2>"$dir/harness.err") || { cat "$dir/harness.err" >&2; echo "Bail out! no cupsd"; exit 1; }
export "$server"
echo "1..4"

url=https://ug.example.org/wit-kansai
: > "$dir/out/ql.out" # today's cupsd does not truncate a file device's output
"$bin" print stickers/women-in-tech-square62 --printer ql \
  --field 'group=JAWS-UG Women in Tech Osaka & Kobe Chapter' --field group_url=$url \
  --field event='Test Day' --field date=2026-11-22 --field checkin_number=7 \
  --field display_name='Mina Sato' --wait > "$dir/ql.log" 2>&1
status=$?
[ $status -eq 0 ] || sed 's/^/# /' "$dir/ql.log"
ok $status "print women-in-tech-square62 on ql completes"
info=$("$tests_bin/helper-decode-ptouch" "$dir/out/ql.out" "$dir/ql.png")
echo "# ql: $info"
case "$info" in *"media_width_mm=62"*) r=0 ;; *) r=1 ;; esac
ok $r "QL output is on 62 mm tape"
h=$(echo "$info" | sed -n 's/.*height=\([0-9]*\).*/\1/p')
# On continuous tape the QL feeds its own margin (ESC i d, in dots) before and
# after the raster lines: the cut sticker is lines + 2 x margin long.
feed=$(python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); i=d.find(b"\x1bid"); print(int.from_bytes(d[i+3:i+5],"little") if i>=0 else 0)' "$dir/out/ql.out")
len=$(( ${h:-0} + 2 * ${feed:-0} ))
[ "$len" -ge 700 ] && [ "$len" -le 760 ]
ok $? "QL sticker is about 62 mm long ($h lines + 2 x $feed dots feed at 300 dpi)"
got=$(zbarimg -q --raw "$dir/ql.png" 2>/dev/null)
[ "$got" = "$url" ]
ok $? "QL sticker QR decodes to the group URL ($got)"
