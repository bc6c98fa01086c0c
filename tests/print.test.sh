#!/bin/sh
# print.test.sh: `frontdesk printers` and `frontdesk print` against a real private cupsd with the DYMO and Brother drivers (TAP).
set -u
top=${FRONTDESK_TOP:-$(pwd)}
bin=${FRONTDESK_BIN:-$top/build/frontdesk}
tests_bin=$(dirname "$bin")/tests
dir=$(mktemp -d "${TMPDIR:-/tmp}/print-test.XXXXXX")
harness="$top/tests/lib/cupsd-harness.sh"
trap 'sh "$harness" stop "$dir"; rm -rf "$dir"' EXIT INT TERM
n=0
# today's cupsd writes a file device's output over the old one without truncating it:
# every print starts from empty outputs, so a decoder reads only the new job
fp() {
  q=; prev=; for a in "$@"; do [ "$prev" = --printer ] && q=$a; prev=$a; done
  [ -f "$dir/out/$q.out" ] && : > "$dir/out/$q.out"
  "$bin" print "$@"
}
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }

server=$(sh "$harness" start "$dir" 5 $$ 2>"$dir/harness.err") || { cat "$dir/harness.err" >&2; echo "Bail out! no cupsd"; exit 1; }
export "$server"
echo "1..29"
cupsd_pid=$(cat "$dir/cupsd.pid")

# printers: both queues, their media, resolution and state
"$bin" printers > "$dir/printers.txt" 2>&1
grep -q '^dymo: DYMO LabelWriter 450' "$dir/printers.txt" && grep -q '^ql: Brother QL-820NWB' "$dir/printers.txt" \
  && grep -q 'custom_58.76x101.6mm_58.76x101.6mm (default): 58.76 x 101.60 mm' "$dir/printers.txt" \
  && grep -q 'state: idle, accepting' "$dir/printers.txt" && grep -q 'resolution: 300x300 dpi' "$dir/printers.txt"
ok $? "printers lists dymo and ql with media, resolution and state"
"$bin" printers --json > "$dir/printers.json" 2>&1
node -e 'const p=JSON.parse(require("fs").readFileSync(process.argv[1]));
  const d=p.find(x=>x.name=="dymo"), q=p.find(x=>x.name=="ql");
  if(!d||!q||d.resolution!="300x300"||d.kind!="label"||!d.media.some(m=>m.width_mm==58.76&&m.length_mm==101.6&&m.default)) process.exit(1)' "$dir/printers.json"
ok $? "printers --json"

# a badge on the DYMO: 672 x 1200 dots, turned into the portrait label, QR with non-ASCII
expected='MECARD:N:Müller-Lüdenscheidt,Jürgen;ORG:東京 AWS User Group;;'
fp dymo-30256 --printer dymo --field first_name=Jürgen --field last_name=Müller-Lüdenscheidt \
  --field 'company=東京 AWS User Group' --field checkin_number=42 --wait > "$dir/dymo.log" 2>&1
ok $? "print dymo-30256 on dymo completes"
info=$("$tests_bin/helper-decode-dymo" "$dir/out/dymo.out" "$dir/dymo.png")
echo "# dymo: $info"
case "$info" in *"width=672 height=1200 "*) r=0 ;; *) r=1 ;; esac
ok $r "DYMO output is 672 x 1200 dots"
# Orientation (docs/layouts.md): the design's top (the big call name, here the
# first name the station's names rule picks from --field first_name) lies
# along the label's left edge and its right edge leads; a mirror would move
# the ink to the right. (test-print.c compares the whole label dot for dot.)
x0=$(echo "$info" | sed -n 's/.*ink=\([0-9]*\),.*/\1/p'); x1=$(echo "$info" | sed -n 's/.*ink=[0-9]*,[0-9]*,\([0-9]*\),.*/\1/p')
qr=$(zbarimg -q --xml "$dir/dymo.png" 2>/dev/null | sed -n "s/.*orientation='\([A-Z]*\)'.*/\1/p" | head -1)
[ "${x0:-999}" -lt 100 ] && [ "$qr" = LEFT ]
ok $? "DYMO badge is turned anti-clockwise, not mirrored (ink x $x0..$x1, QR orientation ${qr:-none})"
got=$(zbarimg -q --raw -Sbinary "$dir/dymo.png" 2>/dev/null)
[ "$got" = "$expected" ]
ok $? "DYMO QR decodes to the MECARD with non-ASCII"

# a badge on the QL: raster straight into rastertoptch (scripts/ql-ppd.sh), no Ghostscript
fp brother-dk11202 --printer ql --field first_name=Zoë --field last_name=Ødegård --field company=Ørsted --wait > "$dir/ql.log" 2>&1
ok $? "print brother-dk11202 on ql completes"
info=$("$tests_bin/helper-decode-ptouch" "$dir/out/ql.out" "$dir/ql.png")
echo "# ql: $info"
h=$(echo "$info" | sed -n 's/.*height=\([0-9]*\).*/\1/p')
case "$info" in *"width=720 "*"media_width_mm=62"*) [ "${h:-0}" -ge 1100 ] && [ "$h" -le 1200 ]; r=$? ;; *) r=1 ;; esac
ok $r "QL output is 62 mm tape, about 100 mm of lines"
got=$(zbarimg -q --raw -Sbinary "$dir/ql.png" 2>/dev/null)
[ "$got" = 'MECARD:N:Ødegård,Zoë;ORG:Ørsted;;' ]
ok $? "QL QR decodes to the MECARD"

# which filters cupsd started for a job ("Started filter" is logged at LogLevel info)
job_filters() {
  grep "\[Job $1\] Started filter " "$dir/log/error_log" 2>/dev/null \
    | sed 's/.*Started filter \([^ ]*\) .*/\1/' | while read -r f; do basename "$f"; done | tr '\n' ' '
}
qjob=$(sed -n 's/^ql-\([0-9]*\): completed$/\1/p' "$dir/ql.log")
filters=$(job_filters "${qjob:-none}")
[ "$filters" = "frontdesk-rastertoptch " ] && grep -q "(application/vnd.cups-raster to printer/ql, cost 0)\|Started filter .*frontdesk-rastertoptch" "$dir/log/error_log"
ok $? "QL job $qjob ran only frontdesk-rastertoptch: no foomatic-rip, Ghostscript or PDF filters (${filters:-none})"
djob=$(sed -n 's/^dymo-\([0-9]*\): completed$/\1/p' "$dir/dymo.log")
filters=$(job_filters "${djob:-none}")
[ "$filters" = "raster2dymolw " ] || [ "$filters" = "raster2dymolm " ]
ok $? "DYMO job $djob ran only the DYMO raster filter (${filters:-none})"

# bad input: clear errors and nothing sent
before=$(cat "$dir/log/page_log" 2>/dev/null | wc -l)
fp dymo-30256 --printer nonesuch --field first_name=A > "$dir/bad1.log" 2>&1
[ $? -eq 1 ] && grep -q 'printer nonesuch: no such printer' "$dir/bad1.log"
ok $? "unknown printer: clear error"
fp dymo-30256 --printer ql --field first_name=A > "$dir/bad2.log" 2>&1
[ $? -eq 1 ] && grep -q 'layout DYMO 30256 (59 x 102 mm) needs w167h288 / 58.9x101.6 mm media; printer ql has media' "$dir/bad2.log"
ok $? "media mismatch: names layout, printer and its media"
fp "$top/tests/data/print/too-big.json" --printer dymo --field first_name=A > "$dir/bad3.log" 2>&1
[ $? -eq 1 ] && grep -q 'layout Too big for a 30256 needs 120.0x59.0 mm media; printer dymo has' "$dir/bad3.log"
r=$?
after=$(cat "$dir/log/page_log" 2>/dev/null | wc -l)
[ $r -eq 0 ] && [ "$before" = "$after" ]
ok $? "layout larger than any media: error, and no job reached CUPS"

# the folder: pseudo printer
fp dymo-30256 --printer "folder:$dir/folder" --field first_name=Folder > "$dir/folder.log" 2>&1
png=$(cat "$dir/folder.log")
[ -s "$png" ] && [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]
ok $? "folder: printer writes a PNG"

# a roster: one badge per row (folder printer), and N-up sheets on an office queue
roster="$top/tests/data/rosters/connpass-utf8.csv"
rows=$(fp dymo-30256 --printer "folder:$dir/roster" --roster "$roster" 2>"$dir/roster.err" | wc -l)
pngs=$(ls "$dir/roster" 2>/dev/null | grep -c '\.png$')
[ "$rows" -ge 2 ] && [ "$rows" = "$pngs" ]
ok $? "--roster prints one badge per row ($pngs)"
sh "$harness" add-queue "$dir" office -m drv:///sample.drv/generic.ppd -o PageSize=A4 2>/dev/null
fp brother-dk11202 --printer office --roster "$roster" --sheet a4-8up-a7 --wait > "$dir/sheet.log" 2>&1
r=$?
head -c 4 "$dir/out/office.out" | grep -q '%!PS'
[ $r -eq 0 ] && [ $? -eq 0 ]
ok $? "--roster --sheet prints N-up sheets as one PDF job on an office queue"
fp dymo-30256 --printer office --field first_name=A > "$dir/bad4.log" 2>&1
[ $? -eq 1 ] && grep -q 'printer office has media' "$dir/bad4.log"
ok $? "a label layout on an office printer is refused"

# copies: the DYMO driver ignores the copies option, so the raster carries the pages
fp dymo-30256 --printer dymo --field first_name=Twice --copies 2 --wait > "$dir/copies.log" 2>&1
info=$("$tests_bin/helper-decode-dymo" "$dir/out/dymo.out" "$dir/copies.pbm")
case "$info" in *"pages=2 "*) r=0 ;; *) r=1 ;; esac
ok $r "--copies 2 prints two labels ($info)"
fp brother-dk11202 --printer ql --field first_name=Twice --copies 2 --wait > "$dir/qlcopies.log" 2>&1
info=$("$tests_bin/helper-decode-ptouch" "$dir/out/ql.out" "$dir/qlcopies.pbm")
case "$info" in *"pages=2 "*) r=0 ;; *) r=1 ;; esac
ok $r "--copies 2 on the QL prints two labels ($info)"
# die-cut labels: ESC i z says die-cut (0x0b), 62 mm wide, 100 mm long, 1109 lines (0x0455)
fp brother-dk11202 --printer ql --field first_name=Die --field last_name=Cut --field company=Ørsted --option MediaType=Labels \
  --wait > "$dir/qllabels.log" 2>&1
hex=$(od -An -tx1 -v "$dir/out/ql.out" | tr -d ' \n')
"$tests_bin/helper-decode-ptouch" "$dir/out/ql.out" "$dir/qllabels.png" > /dev/null 2>&1
got=$(zbarimg -q --raw -Sbinary "$dir/qllabels.png" 2>/dev/null)
case "$hex" in *1b697a4e0b3e6455040000*) [ "$got" = "MECARD:N:Cut,Die;ORG:Ørsted;;" ]; r=$? ;; *) r=1 ;; esac
ok $r "MediaType=Labels reaches rastertoptch: die-cut 62 x 100 mm, 1109 lines, QR ${got:-none}"
# the same job options as Debian's Foomatic chain: every command byte before the first raster line is equal
preamble() { od -An -tx1 -v "$1" | tr -d ' \n' | awk '{ i = index($0, "1b697a"); if (i) print substr($0, 1, i + 25) }'; }
sh "$harness" add-queue "$dir" qlfoomatic -m ptouch:0/ppd/ptouch-driver/Brother-QL-820NWB-ptouch-ql.ppd 2>/dev/null
for q in ql qlfoomatic; do
  fp brother-dk11202 --printer $q --field first_name=Same --option CutLabel=2 --option PrintDensity=4Dark \
    --wait > "$dir/$q-same.log" 2>&1 || echo "# $q: $(cat "$dir/$q-same.log")"
done
a=$(preamble "$dir/out/ql.out"); b=$(preamble "$dir/out/qlfoomatic.out")
echo "# preamble: ...$(echo "$a" | sed 's/^0*//')"
[ -n "$a" ] && [ "$a" = "$b" ]
ok $? "QL command bytes (cut, density, media, quality, margins) equal Debian's Foomatic chain"

# --wait ends: a stopped queue, a timeout and a vanished scheduler each end it with the reasons
cupsdisable -r "out of labels" dymo
start=$(date +%s)
fp dymo-30256 --printer dymo --field first_name=Stopped --wait=60 > "$dir/wait-stopped.log" 2>&1
r=$?
cupsenable dymo
grep -q 'not printed: the printer is stopped (printer reasons: paused' "$dir/wait-stopped.log" \
  && [ $r -eq 1 ] && [ $(( $(date +%s) - start )) -lt 30 ]
ok $? "--wait on a stopped queue exits 1 with the printer's reasons: $(head -c 200 "$dir/wait-stopped.log")"
fp dymo-30256 --printer dymo --field first_name=Held --option job-hold-until=indefinite --wait=1 > "$dir/wait-held.log" 2>&1
r=$?
grep -q 'not printed after 1 s (job-hold-until-specified)' "$dir/wait-held.log" && [ $r -eq 1 ]
ok $? "--wait=1 gives up after a second: $(head -c 200 "$dir/wait-held.log")"
fp dymo-30256 --printer dymo --field first_name=A --wait=abc > "$dir/wait-bad.log" 2>&1
[ $? -eq 2 ] && grep -q -- '--wait=abc: expected a number of seconds' "$dir/wait-bad.log"
ok $? "--wait=abc is refused with a clear error"

# a badge, a sticker and a sheet through today's cupsd, which crashed on document names with
# spaces: every name is a token, and it is the same cupsd afterwards
fp dymo-30256 --printer dymo --field first_name='Tab	and space' --field checkin_number='12 34' --wait > "$dir/tok1.log" 2>&1 \
  && fp stickers/women-in-tech-square62 --printer ql --field group='JAWS UG' --field checkin_number=5 --wait > "$dir/tok2.log" 2>&1 \
  && fp brother-dk11202 --printer office --roster "$roster" --sheet a4-8up-a7 --wait > "$dir/tok3.log" 2>&1
r=$?
[ $r -eq 0 ] || cat "$dir"/tok?.log | sed 's/^/# /'
names=$(lpstat -W completed -o 2>/dev/null | awk '{print $1}' | wc -l)
[ $r -eq 0 ] && kill -0 "$cupsd_pid" && [ "$(cat "$dir/cupsd.pid")" = "$cupsd_pid" ]
ok $? "badge, sticker and sheet printed; cupsd is still pid $cupsd_pid ($names completed jobs)"
ipptool -tv "ipp://localhost:$(cat "$dir/port")/" /dev/stdin > "$dir/jobs.txt" 2>&1 <<'IPP'
{ OPERATION Get-Jobs
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR keyword which-jobs all
  ATTR keyword requested-attributes job-name,document-name-supplied
  STATUS successful-ok }
IPP
grep -E 'job-name|document-name' "$dir/jobs.txt" | sed 's/.*= //' | sort -u > "$dir/names.txt"
! grep -q '[[:space:]]' "$dir/names.txt" && grep -q '^frontdesk-badge-12-34$' "$dir/names.txt" \
  && grep -q '^frontdesk-badge-sheets$' "$dir/names.txt"
ok $? "every job and document name CUPS holds is a token ($(wc -l < "$dir/names.txt") names)"
! grep -q 'greater max page width' "$dir/log/error_log"
ok $? "raster2dymolw took every DYMO raster line as it is (no truncation warnings)"

# the scheduler dies while --wait follows a job: it ends with the reason, it does not hang
fp dymo-30256 --printer dymo --field first_name=Gone --option job-hold-until=indefinite --wait=60 > "$dir/wait-gone.log" 2>&1 &
wpid=$!
sleep 1; sh "$harness" crash "$dir"
i=0; while kill -0 $wpid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 $wpid 2>/dev/null; then kill $wpid; r=1; else wait $wpid; [ $? -eq 1 ]; r=$?; fi
grep -q 'not printed' "$dir/wait-gone.log" || r=1
ok $r "--wait ends when cupsd dies: $(head -c 200 "$dir/wait-gone.log")"
