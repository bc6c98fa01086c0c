#!/bin/sh
# deps.sh: install the Debian packages frontdesk needs to build, run and test (idempotent).
# Usage: scripts/deps.sh [build|run|check|arm64]...  (default: check)
set -eu

BUILD="build-essential pkg-config clang clang-format libglib2.0-dev libsoup-3.0-dev libjson-glib-dev
 libsqlite3-dev sqlite3 libcairo2-dev libpango1.0-dev librsvg2-dev libqrencode-dev
 libcups2-dev libcupsimage2-dev libsystemd-dev libsodium-dev libfontconfig-dev libharfbuzz-dev
 libicu-dev libmecab-dev"
FONTS="fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-noto-mono"
RUN="$FONTS mecab-ipadic-utf8 cups cups-daemon cups-client cups-filters printer-driver-dymo printer-driver-ptouch"
CHECK="$RUN zbar-tools poppler-utils libclang-rt-14-dev chromium wrk valgrind
 libfile-mimeinfo-perl systemd"
# libsoup-3.0-dev:arm64 cannot be installed beside the amd64 one on bookworm (through
# libsysprof-4-dev it wants gobject-introspection:arm64); scripts/check-arm64.sh
# unpacks its headers privately, so only the runtime and its .pc dependencies are here.
ARM64="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user qemu-user-binfmt libc6-dev:arm64
 libglib2.0-dev:arm64 libsoup-3.0-0:arm64 libpsl-dev:arm64 libbrotli-dev:arm64 zlib1g-dev:arm64
 libnghttp2-dev:arm64 libjson-glib-dev:arm64 libsqlite3-dev:arm64
 libcairo2-dev:arm64 libpango1.0-dev:arm64 librsvg2-dev:arm64 libqrencode-dev:arm64
 libcups2-dev:arm64 libsystemd-dev:arm64 libsodium-dev:arm64 libfontconfig-dev:arm64
 libharfbuzz-dev:arm64 libcrypt-dev:arm64 libicu-dev:arm64 libmecab2:arm64"

# The printing stack follows the archive: a security update of cupsd (2.4.2-3+deb12u10)
# changed what frontdesk may send it, and a stale machine would hide such a change.
PRINTING="cups cups-daemon cups-client cups-common cups-filters cups-filters-core-drivers
 libcups2 libcupsimage2 printer-driver-dymo printer-driver-ptouch"

want=""; arm64=""; printing=""
[ $# -eq 0 ] && set -- check
for what in "$@"; do
  case "$what" in
    build) want="$want $BUILD" ;;
    run) want="$want $BUILD $RUN"; printing=1 ;;
    check) want="$want $BUILD $CHECK"; printing=1 ;;
    arm64) want="$want $ARM64"; arm64=1 ;;
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
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
updated=""
apt_update() {
  [ -n "$updated" ] && return 0
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  updated=1
}

# Installed printing packages whose candidate is newer, after a fresh package list
# (CI always; elsewhere when the lists are older than six hours).
stale_printing() {
  lists=/var/lib/apt/lists
  if [ "${CI:-}" = true ] || [ -z "$(find "$lists" -maxdepth 1 -name '*Packages*' -mmin -360 2>/dev/null | head -1)" ]; then
    apt_update >&2
  fi
  # shellcheck disable=SC2086
  LC_ALL=C apt-cache policy $PRINTING 2>/dev/null | awk '
    /^[^ ].*:$/ { pkg = substr($1, 1, length($1) - 1); inst = "" }
    /^  Installed:/ { inst = $2 }
    /^  Candidate:/ { if (inst != "" && inst != "(none)" && $2 != "(none)" && $2 != inst) print pkg }'
  return 0
}

if [ -z "$missing" ]; then
  [ -n "$printing" ] || exit 0
  stale=$(stale_printing)
  [ -z "$stale" ] && exit 0
  echo "deps.sh: upgrading the printing stack to the archive's version:" $stale >&2
  # shellcheck disable=SC2086
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --only-upgrade $stale >&2
  exit 0
fi
# The :arm64 -dev packages (for make check-arm64) need dpkg to know the architecture.
if [ -n "$arm64" ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $SUDO dpkg --add-architecture arm64
fi
echo "deps.sh: installing:$missing" >&2
apt_update
# shellcheck disable=SC2086
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >&2
if [ -n "$printing" ]; then
  stale=$(stale_printing)
  # shellcheck disable=SC2086
  [ -z "$stale" ] || $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --only-upgrade $stale >&2
fi
