#!/bin/sh
# console.bench.sh: the designer's preview round trip (POST the layout, get the PNG at 192 dpi)
# p50/p99 for each shipped layout, measured by curl against a real `frontdesk serve`.
# Prints figures; asserts nothing about time. Target: p99 <= 100 ms.
set -u
top=${FRONTDESK_TOP:-$(pwd)}
bin=${FRONTDESK_BIN:-$top/build/frontdesk}
n=${BENCH_PREVIEWS:-30}
command -v curl > /dev/null || { echo "curl is not installed; skipping"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/frontdesk-console-bench.XXXXXX")
pid=; wpid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$wpid" ] && kill "$wpid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

sed "s|@STATE@|$tmp/state|g" "$top/tests/data/server/station.conf" > "$tmp/station.conf"
mkdir -p "$tmp/state"; : > "$tmp/out"
printf 'bench-password-1\n' | "$bin" passwd --state-dir "$tmp/state" > /dev/null
"$bin" serve --config "$tmp/station.conf" --state-dir "$tmp/state" --set server.backup_minutes=0 \
  > "$tmp/out" 2> "$tmp/err" & pid=$!
( sleep 600; kill "$pid" 2>/dev/null ) & wpid=$!
i=0; while ! grep -q 'listening on' "$tmp/out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
url=$(sed -n 's/^frontdesk: listening on \(http[^ ]*\)\/ .*/\1/p' "$tmp/out")
[ -n "$url" ] || { echo "server did not start"; cat "$tmp/err"; exit 1; }
csrf=$(curl -s -c "$tmp/jar" -H 'Content-Type: application/json' -d '{"password":"bench-password-1"}' \
  "$url/api/login" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p')
[ -n "$csrf" ] || { echo "login failed"; exit 1; }

printf '%-44s %8s %8s %8s\n' layout p50_ms p99_ms max_ms
cd "$top/layouts" || exit 1
for f in *.json stickers/*.json; do  # sheets/ holds sheet definitions, not layouts
  [ -f "$f" ] || continue
  : > "$tmp/times"
  j=0
  while [ $j -lt "$n" ]; do
    curl -s -o /dev/null -b "$tmp/jar" -H "X-CSRF-Token: $csrf" --data-binary "@$f" \
      -w '%{http_code} %{time_total}\n' "$url/api/layouts/$f/preview?dpi=192" >> "$tmp/times"
    j=$((j + 1))
  done
  if grep -qv '^200 ' "$tmp/times"; then
    printf '%-44s %s\n' "$f" "error: HTTP $(grep -v '^200 ' "$tmp/times" | head -1 | cut -d' ' -f1)"
    continue
  fi
  cut -d' ' -f2 "$tmp/times" | sort -n | awk -v f="$f" '
    { t[NR] = $1 * 1000 }
    END { p50 = t[int((NR + 1) / 2)]; i99 = int(NR * 0.99 + 0.999); if (i99 > NR) i99 = NR;
          printf "%-44s %8.1f %8.1f %8.1f\n", f, p50, t[i99], t[NR] }'
done
