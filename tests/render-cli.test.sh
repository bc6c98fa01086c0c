#!/bin/sh
# render-cli.test.sh: "frontdesk render": PNG/PDF output, scannable QR, embedded fonts, rosters and sheets, usage errors.
set -u
BIN=${FRONTDESK_BIN:-$(pwd)/build/frontdesk}
TOP=${FRONTDESK_TOP:-$(pwd)}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/render-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
check() { # check DESCRIPTION COMMAND...: ok when the command succeeds
  n=$((n + 1)); desc=$1; shift
  if "$@"; then echo "ok $n - $desc"; else echo "not ok $n - $desc"; fi
}
cd "$TOP"

"$BIN" render dymo-30256 --field first_name=José --field last_name=Müller \
  --field company="山田 株式会社" --dpi 300 --mono -o "$tmp/badge.png" 2> "$tmp/err"
check "PNG badge renders (exit 0)" test $? -eq 0
check "PNG is 300 dpi (102 mm = 1205 px wide)" \
  sh -c "file '$tmp/badge.png' | grep -q '1205 x 697'"
zbarimg --raw -q -Sbinary "$tmp/badge.png" > "$tmp/qr" 2>/dev/null
printf 'MECARD:N:Müller,José;ORG:山田 株式会社;;' > "$tmp/want"
check "QR decodes to the exact UTF-8 bytes" cmp -s "$tmp/qr" "$tmp/want"

"$BIN" render layouts/dymo-30256.json -f first_name=Ada -f last_name=Lovelace -o "$tmp/badge.pdf"
check "PDF badge renders" test $? -eq 0
pdffonts "$tmp/badge.pdf" > "$tmp/fonts" 2>&1
check "PDF embeds Noto Sans" grep -q 'NotoSans-Bold .* yes yes yes' "$tmp/fonts"
check "PDF embeds every font" sh -c "tail -n +3 '$tmp/fonts' | grep -vq ' yes yes ' && exit 1 || exit 0"

"$BIN" render dymo-30256 --roster tests/data/rosters/eventbrite-us.csv --sheet a4-8up-a7 \
  -o "$tmp/sheet.pdf" 2> "$tmp/err"
check "roster on a sheet renders" test $? -eq 0
check "sheet is one A4 page" sh -c "pdfinfo '$tmp/sheet.pdf' | grep -q 'Pages: *1' && pdfinfo '$tmp/sheet.pdf' | grep -q '(A4)'"
check "cancelled rows are left out and said so" grep -q 'eventbrite-us.csv:6: left out' "$tmp/err"
"$BIN" render dymo-30256 --roster tests/data/rosters/eventbrite-us.csv -o "$tmp/all.pdf" 2>/dev/null
check "roster without a sheet: one badge-sized page each" \
  sh -c "pdfinfo '$tmp/all.pdf' | grep -q 'Pages: *3' && pdfinfo '$tmp/all.pdf' | grep -q '289.13. x 167.24. pts'"

"$BIN" render dymo-30256 -o "$tmp/x.txt" 2> "$tmp/err"
check "unknown output type: exit 2" test $? -eq 2
"$BIN" render dymo-30256 -f novalue -o "$tmp/x.png" 2> "$tmp/err"
check "--field without = : exit 2" test $? -eq 2
check "--field message names it" grep -q -- '--field "novalue"' "$tmp/err"
"$BIN" render no-such-layout -o "$tmp/x.png" 2> "$tmp/err"
check "missing layout: exit 1" test $? -eq 1
check "missing layout: message names the file" grep -q 'no-such-layout' "$tmp/err"
"$BIN" render dymo-30256 --roster tests/data/rosters/plain.csv --sheet nope -o "$tmp/s.pdf" 2> "$tmp/err"
check "unknown sheet: exit 1 and named" sh -c "test $? -eq 1 && grep -q 'sheet \"nope\"' '$tmp/err'"
check "nothing written on failure" test ! -e "$tmp/s.pdf"
echo "1..$n"
