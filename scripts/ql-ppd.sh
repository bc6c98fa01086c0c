#!/bin/sh
# ql-ppd.sh: print a frontdesk PPD for a Brother QL, derived from Debian's ptouch-driver PPD, that takes CUPS raster without Ghostscript.
#
#   sh scripts/ql-ppd.sh [MODEL] [FILTER] > ql.ppd
#
# MODEL is the ptouch-driver model (default QL-820NWB; "Brother-QL-820NWB"
# and the full driver URI "ptouch:0/ppd/ptouch-driver/…ppd" work too).
# FILTER is the CUPS filter that runs rastertoptch on raster input (default
# frontdesk-rastertoptch, i.e. /usr/lib/cups/filter/frontdesk-rastertoptch,
# installed from scripts/rastertoptch-filter; an absolute path also works if
# it and its directory are owned by root and writable only by root).
# The output is Debian's PPD with one extra line,
#   *cupsFilter: "application/vnd.cups-raster 0 FILTER"
# so CUPS hands raster straight to FILTER; media sizes, printable areas,
# options and the Foomatic filters for PostScript/PDF stay as they are.
set -eu
model=${1:-QL-820NWB}
filter=${2:-frontdesk-rastertoptch}
driver=${PTOUCH_DRIVER:-/usr/lib/cups/driver/ptouch}

case "$model" in
  ptouch:*) uri=$model ;;
  Brother-*) uri="ptouch:0/ppd/ptouch-driver/$model-ptouch-ql.ppd" ;;
  *) uri="ptouch:0/ppd/ptouch-driver/Brother-$model-ptouch-ql.ppd" ;;
esac
case "$filter" in *[!A-Za-z0-9_./-]*) echo "ql-ppd.sh: bad filter name: $filter" >&2; exit 2 ;; esac
[ -x "$driver" ] || { echo "ql-ppd.sh: $driver not found (apt-get install printer-driver-ptouch)" >&2; exit 1; }

tmp=$(mktemp "${TMPDIR:-/tmp}/ql-ppd.XXXXXX")
trap 'rm -f "$tmp"' EXIT
"$driver" cat "$uri" > "$tmp" 2>/dev/null && [ -s "$tmp" ] \
  || { echo "ql-ppd.sh: the ptouch driver has no PPD $uri (list: $driver list)" >&2; exit 1; }
grep -q '^\*cupsFilter:.*foomatic-rip' "$tmp" \
  || { echo "ql-ppd.sh: $uri is not the Foomatic ptouch PPD this script expects" >&2; exit 1; }
grep -q 'rastertoptch' "$tmp" \
  || { echo "ql-ppd.sh: $uri does not use rastertoptch" >&2; exit 1; }

# Insert our raster filter after the last *cupsFilter line and say so in the NickName.
awk -v filter="$filter" '
  { lines[NR] = $0; if ($0 ~ /^\*cupsFilter:/) last = NR }
  END {
    for (i = 1; i <= NR; i++) {
      line = lines[i]
      if (line ~ /^\*NickName:/) sub(/"$/, ", frontdesk raster\"", line)
      print line
      if (i == last) printf "*cupsFilter:\t\"application/vnd.cups-raster 0 %s\"\n", filter
    }
  }' "$tmp"
