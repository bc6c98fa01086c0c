#!/bin/sh
# cupsd-harness.sh: a private, throw-away cupsd with a DYMO and a Brother QL queue for tests.
#
#   sh tests/lib/cupsd-harness.sh start DIR [MINUTES] [PARENT_PID]
#       Starts Debian's cupsd with its config, spool, logs and socket in DIR,
#       listening on 127.0.0.1:<free port> and DIR/cups.sock, and adds the
#       queues "dymo" (LabelWriter 450, lw450.ppd) and "ql" (QL-820NWB, the
#       PPD from scripts/ql-ppd.sh: raster goes to rastertoptch through
#       scripts/rastertoptch-filter, copied to DIR/filter, without
#       Ghostscript), both enabled and accepting, printing into
#       DIR/out/<queue>.out (the file device truncates it on every job).
#       Prints "CUPS_SERVER=DIR/cups.sock" on stdout (the port is in DIR/port).
#       A watchdog stops cupsd after MINUTES (default 10) or as soon as
#       PARENT_PID (default: the caller of this script) exits.
#   sh tests/lib/cupsd-harness.sh add-queue DIR NAME LPADMIN-ARGS...
#       Adds queue NAME printing into DIR/out/NAME.out, created (owned by lp)
#       before the queue: today's cupsd no longer creates a file device's
#       output and stops the queue instead. LPADMIN-ARGS are -P PPD or -m MODEL
#       and any -o options. The queue is enabled and accepting.
#   sh tests/lib/cupsd-harness.sh crash DIR
#       Kills cupsd with SIGKILL, as a segfault would (the watchdog stays).
#   sh tests/lib/cupsd-harness.sh restart DIR
#       Starts cupsd again on the same config, socket and port, with the
#       queues and jobs it had saved (DirtyCleanInterval 0: saved at once).
#   sh tests/lib/cupsd-harness.sh stop DIR
#       Stops cupsd and its watchdog. Safe to call twice.
set -eu

die() { echo "cupsd-harness: $*" >&2; exit 1; }

free_port() {
  port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 ))
  while ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; do port=$((port + 1)); done
  echo "$port"
}

write_config() {
  dir=$1; port=$2
  cat > "$dir/etc/cups-files.conf" <<CONF
ServerRoot $dir/etc
RequestRoot $dir/spool
TempDir $dir/tmp
CacheDir $dir/cache
StateDir $dir/state
DataDir /usr/share/cups
ServerBin /usr/lib/cups
ErrorLog $dir/log/error_log
AccessLog $dir/log/access_log
PageLog $dir/log/page_log
Printcap $dir/printcap
FileDevice Yes
User lp
Group lp
SystemGroup root
Sandboxing Relaxed
CONF
  cat > "$dir/etc/cupsd.conf" <<CONF
LogLevel ${CUPSD_LOGLEVEL:-info}
Listen 127.0.0.1:$port
Listen $dir/cups.sock
Browsing No
BrowseLocalProtocols none
DefaultAuthType None
WebInterface No
JobRetryInterval 1
DirtyCleanInterval 0
PreserveJobHistory Yes
PreserveJobFiles No
MaxJobs 0
<Location />
  Order allow,deny
  Allow 127.0.0.1
  Allow @LOCAL
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
CONF
}

add_queues() {
  dir=$1
  /usr/lib/cups/driver/dymo cat dymo:0/cups/model/lw450.ppd > "$dir/lw450.ppd"
  # cupsd runs a filter named by absolute path only if it and its directory are root's
  top=$(cd "$(dirname "$0")/../.." && pwd)
  mkdir -p "$dir/filter" && chmod 755 "$dir/filter"
  install -m 0755 "$top/scripts/rastertoptch-filter" "$dir/filter/frontdesk-rastertoptch"
  sh "$top/scripts/ql-ppd.sh" QL-820NWB "$dir/filter/frontdesk-rastertoptch" > "$dir/ql820nwb.ppd"
  add_queue "$dir" dymo -P "$dir/lw450.ppd"
  add_queue "$dir" ql -P "$dir/ql820nwb.ppd"
}

# add_queue DIR NAME LPADMIN-ARGS...: a queue printing into DIR/out/NAME.out.
add_queue() {
  dir=$1; q=$2; shift 2
  : > "$dir/out/$q.out"; chown lp "$dir/out/$q.out"
  lpadmin -p "$q" -v "file://$dir/out/$q.out" "$@" -E >&2 || return 1
  cupsenable "$q" >&2 && cupsaccept "$q" >&2
}

launch() {
  dir=$1
  cupsd -f -c "$dir/etc/cupsd.conf" -s "$dir/etc/cups-files.conf" </dev/null >>"$dir/log/cupsd.out" 2>&1 &
  echo $! > "$dir/cupsd.pid"
  export CUPS_SERVER="$dir/cups.sock"
  wait_ready
}

crash() {
  dir=$1
  [ -f "$dir/cupsd.pid" ] || die "not running in $dir"
  pid=$(cat "$dir/cupsd.pid")
  kill -9 "$pid" 2>/dev/null || true
  i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  rm -f "$dir/cups.sock"
}

restart() {
  dir=$(cd "$1" && pwd)
  [ -f "$dir/cupsd.pid" ] && kill -0 "$(cat "$dir/cupsd.pid")" 2>/dev/null && die "still running in $dir"
  launch "$dir" || die "cupsd did not restart; see $dir/log/error_log"
  # the watchdog followed the old pid: a new one for the new cupsd
  [ -f "$dir/watchdog.pid" ] && kill "$(cat "$dir/watchdog.pid")" 2>/dev/null
  sh "$0" watchdog "$dir" "$(cat "$dir/cupsd.pid")" "$(cat "$dir/minutes")" "$(cat "$dir/parent")" \
    </dev/null >/dev/null 2>&1 &
  echo $! > "$dir/watchdog.pid"
}

wait_ready() {
  i=0
  until lpstat -r >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -gt 100 ] && return 1; sleep 0.1
  done
}

start() {
  dir=$1; minutes=${2:-10}; parent=${3:-$PPID}
  command -v cupsd >/dev/null || die "cupsd not found (apt-get install cups-daemon cups)"
  mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  [ -f "$dir/cupsd.pid" ] && kill -0 "$(cat "$dir/cupsd.pid")" 2>/dev/null && die "already running in $dir"
  mkdir -p "$dir/etc/ppd" "$dir/etc/ssl" "$dir/spool/tmp" "$dir/tmp" "$dir/cache" "$dir/state" "$dir/log" "$dir/out"
  chmod 755 "$dir"; chmod 1777 "$dir/tmp" "$dir/spool/tmp"; chown lp "$dir/out" "$dir/cache" "$dir/state"
  chgrp lp "$dir/spool" "$dir/etc" && chmod 0710 "$dir/spool" && chmod 0755 "$dir/etc"
  port=$(free_port); echo "$port" > "$dir/port"
  write_config "$dir" "$port"
  echo "$minutes" > "$dir/minutes"; echo "$parent" > "$dir/parent"
  launch "$dir" || { stop "$dir"; die "cupsd did not start; see $dir/log/error_log"; }
  # A separate sh process: a backgrounded function would keep dash's saved copy of our stdout open.
  sh "$0" watchdog "$dir" "$(cat "$dir/cupsd.pid")" "$minutes" "$parent" </dev/null >/dev/null 2>&1 &
  echo $! > "$dir/watchdog.pid"
  add_queues "$dir" || { stop "$dir"; die "could not add the queues; see $dir/log/error_log"; }
  echo "CUPS_SERVER=$dir/cups.sock"
}

# watchdog DIR PID MINUTES PARENT: kill cupsd PID after MINUTES or when PARENT is gone.
watchdog() {
  end=$(( $(date +%s) + $3 * 60 ))
  while kill -0 "$2" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$end" ] || ! kill -0 "$4" 2>/dev/null; then
      kill "$2" 2>/dev/null; break
    fi
    sleep 1
  done
}

stop() {
  dir=$1
  for f in watchdog cupsd; do
    [ -f "$dir/$f.pid" ] || continue
    pid=$(cat "$dir/$f.pid"); rm -f "$dir/$f.pid"
    kill "$pid" 2>/dev/null || continue
    i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null || true
  done
  return 0
}

case "${1:-}" in
  start) [ $# -ge 2 ] || die "usage: $0 start DIR [MINUTES] [PARENT_PID]"; shift; start "$@" ;;
  watchdog) shift; watchdog "$@" ;;
  add-queue) [ $# -ge 4 ] || die "usage: $0 add-queue DIR NAME LPADMIN-ARGS..."; shift
    d=$(cd "$1" && pwd); shift; export CUPS_SERVER="$d/cups.sock"; add_queue "$d" "$@" ;;
  crash) [ $# -ge 2 ] || die "usage: $0 crash DIR"; crash "$2" ;;
  restart) [ $# -ge 2 ] || die "usage: $0 restart DIR"; restart "$2" ;;
  stop) [ $# -ge 2 ] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 start DIR [MINUTES] [PARENT_PID] | add-queue DIR NAME ARGS... | crash DIR | restart DIR | stop DIR" ;;
esac
