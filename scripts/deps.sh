#!/bin/sh
# deps.sh: install the Debian packages frontdesk needs to build, run and test (idempotent).
# Usage: scripts/deps.sh [build|run|check|arm64]...  (default: check)
set -eu

BUILD="build-essential pkg-config clang libglib2.0-dev libsoup-3.0-dev libjson-glib-dev
 libsqlite3-dev sqlite3 libcairo2-dev libpango1.0-dev librsvg2-dev libqrencode-dev
 libcups2-dev libcupsimage2-dev libsystemd-dev libsodium-dev libfontconfig-dev libharfbuzz-dev"
FONTS="fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-noto-mono"
RUN="$FONTS cups cups-daemon cups-client cups-filters printer-driver-dymo printer-driver-ptouch"
CHECK="$RUN zbar-tools poppler-utils libclang-rt-14-dev chromium wrk valgrind
 libfile-mimeinfo-perl systemd"
ARM64="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user qemu-user-binfmt"

want=""
[ $# -eq 0 ] && set -- check
for what in "$@"; do
  case "$what" in
    build) want="$want $BUILD" ;;
    run) want="$want $BUILD $RUN" ;;
    check) want="$want $BUILD $CHECK" ;;
    arm64) want="$want $ARM64" ;;
    *) echo "deps.sh: unknown set '$what'" >&2; exit 2 ;;
  esac
done

missing=""
# Node.js may come from elsewhere (it does on the CI image); install Debian's only when absent.
case "$want" in *chromium*) command -v node >/dev/null 2>&1 || want="$want nodejs npm" ;; esac
for pkg in $want; do
  case " $missing " in *" $pkg "*) continue ;; esac
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
# shellcheck disable=SC2086
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >&2
