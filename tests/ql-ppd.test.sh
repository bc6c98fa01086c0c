#!/bin/sh
# ql-ppd.test.sh: scripts/ql-ppd.sh and scripts/rastertoptch-filter against Debian's ptouch driver and the real rastertoptch (TAP).
set -u
top=${FRONTDESK_TOP:-$(pwd)}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ql-ppd-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
echo "1..7"

uri=ptouch:0/ppd/ptouch-driver/Brother-QL-820NWB-ptouch-ql.ppd
/usr/lib/cups/driver/ptouch cat "$uri" > "$tmp/debian.ppd"
sh "$top/scripts/ql-ppd.sh" > "$tmp/ql.ppd"
changed=$(diff "$tmp/debian.ppd" "$tmp/ql.ppd" | grep -c '^[<>]')
[ "$changed" -eq 3 ] && grep -q '^\*cupsFilter:	"application/vnd.cups-raster 0 frontdesk-rastertoptch"$' "$tmp/ql.ppd" \
  && grep -q '^\*NickName: .*, frontdesk raster"$' "$tmp/ql.ppd" && cupstestppd -q -r "$tmp/debian.ppd" >/dev/null 2>&1; r=$?
# cupstestppd fails the new PPD only for the filter not being installed here
cupstestppd "$tmp/ql.ppd" 2>&1 | grep FAIL | grep -v -q 'Missing cupsFilter file\|ql.ppd: FAIL' && r=1
ok $r "ql-ppd.sh adds one cupsFilter line and marks the NickName; the rest is Debian's PPD"

sh "$top/scripts/ql-ppd.sh" QL-570 /opt/x/filter | grep -q '"application/vnd.cups-raster 0 /opt/x/filter"'
ok $? "ql-ppd.sh takes a model and an absolute filter path"
sh "$top/scripts/ql-ppd.sh" QL-9999 > /dev/null 2> "$tmp/err"; r=$?
[ $r -eq 1 ] && grep -q 'no PPD ptouch:0/ppd/ptouch-driver/Brother-QL-9999-ptouch-ql.ppd' "$tmp/err"
ok $? "unknown model: exit 1 naming the PPD"

# the filter: options as foomatic-rip would build them, checked by the real rastertoptch (exit 2 on any unknown option)
run() { PPD=$1 CUPS_SERVERBIN=/usr/lib/cups sh "$top/scripts/rastertoptch-filter" 7 user title 1 "$2" /dev/null 2>&1 >/dev/null; }
defaults='PrintQuality=High PrintDensity=0 AutoCut noChainPrinting CutLabel=0 Margin=0 MinMargin=8.4 MediaType=Tape Align=Right BytesPerLine=90 PixelXfer=ULP QL StatusNotification=1 TransferMode=1 LabelPreamble SoftwareMirror'
out=$(run "$tmp/ql.ppd" "job-uuid=urn:uuid:1 PageSize=62x100mm"); r=$?
[ $r -eq 0 ] && echo "$out" | grep -qF "DEBUG: rastertoptch: job options: $defaults"
ok $? "PPD defaults reach rastertoptch, which accepts them"
out=$(run "$tmp/ql.ppd" "CutLabel=3 MediaType=labels noAutoCut PrintQuality=Fast ExtraMargin=2mm"); r=$?
[ $r -eq 0 ] && echo "$out" | grep -qF "job options: PrintQuality=Fast PrintDensity=0 noChainPrinting CutLabel=3 Margin=5.67 MinMargin=8.4 MediaType=Labels Align=Right"
ok $? "job options override the defaults"
out=$(run "$tmp/ql.ppd" 'PixelTransfer=RLE Align=Center CutLabel=99 MediaType=$(id) AutoCut=maybe foo=bar'); r=$?
[ $r -eq 0 ] && echo "$out" | grep -qF "job options: $defaults"
ok $? "choices the PPD does not offer are ignored: only the PPD's own texts reach rastertoptch"
sed 's/^\*DefaultMediaType: Tape/*DefaultMediaType: Labels/; s/^\*DefaultCutLabel: 0/*DefaultCutLabel: 1/' "$tmp/ql.ppd" > "$tmp/lpadmin.ppd"
run "$tmp/lpadmin.ppd" "" | grep -q "job options: .*CutLabel=1 .*MediaType=Labels "
ok $? "queue defaults set with lpadmin -o (the PPD's *Default lines) are used"
