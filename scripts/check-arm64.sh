#!/bin/sh
# check-arm64.sh: cross-build frontdesk and its C unit tests for arm64 (the Pi) and run them under qemu-user.
# Environment: BUILD_ARM64 (default build-arm64), ONLY (a substring of the test names to
# run), ARM64_TEST_TIMEOUT (seconds per test program, default 900).
# Prints TAP per test program and closes with "arm64: N passed, N failed, N skipped".
set -eu
cd "$(dirname "$0")/.."
B=${BUILD_ARM64:-build-arm64}
ONLY=${ONLY:-}
LIMIT=${ARM64_TEST_TIMEOUT:-900}   # seconds per test program under emulation
TRIPLET=aarch64-linux-gnu
t0=$(date +%s)

sh scripts/deps.sh arm64
t1=$(date +%s)

# libsoup-3.0-dev:arm64 is not co-installable on bookworm (see scripts/deps.sh):
# unpack it and the sysprof-capture .pc it requires into $B/overlay, with the
# .pc prefixes pointed there and the .so link pointed at the installed runtime.
overlay="$(pwd)/$B/overlay"
soup=$(dpkg-query -W -f='${Version}' libsoup-3.0-0:arm64)
if [ "$(cat "$overlay/.done" 2>/dev/null)" != "$soup" ]; then
  rm -rf "$overlay" && mkdir -p "$overlay/debs"
  (cd "$overlay/debs" && apt-get download -q -o APT::Sandbox::User="$(id -un)" \
    "libsoup-3.0-dev:arm64=$soup" "libsysprof-4-dev:arm64" >&2)
  for deb in "$overlay"/debs/*.deb; do dpkg-deb -x "$deb" "$overlay"; done
  sed -i "s|^prefix=/usr\$|prefix=$overlay/usr|" "$overlay/usr/lib/$TRIPLET/pkgconfig/"*.pc
  ln -sf "/usr/lib/$TRIPLET/libsoup-3.0.so.0" "$overlay/usr/lib/$TRIPLET/libsoup-3.0.so"
  echo "$soup" > "$overlay/.done"
fi
PKG_CONFIG_LIBDIR="$overlay/usr/lib/$TRIPLET/pkgconfig:/usr/lib/$TRIPLET/pkgconfig:/usr/share/pkgconfig"
export PKG_CONFIG_LIBDIR

# cups-config is the host's script; it prints no -L, so "-lcups" is right for
# arm64 as well. Everything else comes from the arm64 .pc files above.
mkdir -p "$B/tests"   # the Makefile makes it only along with $B, which exists by now
if ! make -j2 BUILD="$B" CC="$TRIPLET-gcc" PKG_CONFIG=pkg-config tests > "$B/make.log" 2>&1; then
  tail -n 40 "$B/make.log" >&2; echo "not ok - cross build failed (all of it in $B/make.log)" >&2
  echo "arm64: 0 passed, 1 failed, 0 skipped"; exit 1
fi
file "$B/frontdesk" | grep -q 'ARM aarch64' || { echo "not ok - $B/frontdesk is not arm64" >&2; exit 1; }
t2=$(date +%s)

# Without binfmt_misc (containers) qemu runs each program explicitly; a test
# that execs another arm64 program then needs binfmt (qemu-user-binfmt).
export FRONTDESK_TOP="$(pwd)" FRONTDESK_BIN="$(pwd)/$B/frontdesk"
QEMU_LD_PREFIX=/ ; export QEMU_LD_PREFIX
passed=0; failed=0; skipped=0
if qemu-aarch64 "$B/frontdesk" --help | grep -q '^Usage: frontdesk'; then
  passed=1; echo "arm64/frontdesk --help                1 passed" >&2
else
  failed=1; echo "not ok - qemu-aarch64 $B/frontdesk --help" >&2
fi
for t in "$B"/tests/test-*; do
  [ -x "$t" ] || continue
  case "$t" in *.d|*.o) continue ;; esac
  case "$t" in *"$ONLY"*) ;; *) continue ;; esac
  log="$B/tests/$(basename "$t").arm64.log"
  status=0; timeout "$LIMIT" qemu-aarch64 "$t" --tap > "$log" 2>&1 || status=$?
  [ "$status" -eq 124 ] && echo "not ok - $t: no result after ${LIMIT}s under qemu" >> "$log"
  p=$(grep -cE '^ok [0-9]+' "$log" || true); s=$(grep -cE '^ok [0-9]+.*# (SKIP|skip)' "$log" || true)
  f=$(grep -cE '^not ok [0-9]+' "$log" || true)
  [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  [ "$f" -ne 0 ] && tail -n 30 "$log" >&2
  passed=$((passed + p - s)); failed=$((failed + f)); skipped=$((skipped + s))
  printf '%-34s %4d passed, %d failed, %d skipped\n' "arm64/$(basename "$t")" $((p - s)) "$f" "$s" >&2
done
t3=$(date +%s)
echo "arm64: packages $((t1 - t0))s, build $((t2 - t1))s, tests under qemu $((t3 - t2))s" >&2
echo "arm64: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
