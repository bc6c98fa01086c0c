#!/bin/sh
# run-demo.sh: start a demo station (make run): a demo event, an international
# roster, the shipped layouts, and the default CUPS printer or a folder printer.
set -eu
bin=${1:-build/frontdesk}
state=${FRONTDESK_STATE_DIR:-var/demo}
listen=${FRONTDESK_LISTEN:-127.0.0.1:8080}
mkdir -p "$state/printed"
state=$(cd "$state" && pwd)

cat > "$state/frontdesk.conf" <<CONF
# Written by scripts/run-demo.sh; see frontdesk.conf(5).
[server]
listen = $listen
station = demo
backup_minutes = 30

[event]
slug = demo
name = Community Day Demo
date = $(date +%F)
lang = en
walkins = true
consent_required = true
privacy = Demo only: your name is kept on this computer for the badge and the head count.
reprint = once
default_group = awsug
groups = awsug

[station demo]
# Empty: the system's default CUPS printer; without one, PNGs go to the folder below.
badge_printer =
fallback_printer = folder:$state/printed
badge_layout = dymo-30256.json

[group awsug]
name = AWS User Group
CONF

# The roster: through `frontdesk import` when this build has it, else the test helper.
if "$bin" import --state-dir "$state" --event demo --event-name "Community Day Demo" \
     --event-date "$(date +%F)" docs/demo/roster.csv > /dev/null 2>&1; then
  echo "Imported docs/demo/roster.csv into event 'demo'."
elif [ -x "$(dirname "$bin")/tests/helper-seed" ] || make -s "$(dirname "$bin")/tests/helper-seed" > /dev/null 2>&1; then
  "$(dirname "$bin")/tests/helper-seed" "$state" demo docs/demo/roster.csv
else
  echo "warning: no importer in this build; the roster is empty (walk-ins still work)." >&2
fi
# The organizer password: made once and kept in the demo's state dir, so every run can say where it is.
secret=$state/organizer-password.txt
if [ ! -e "$state/organizer.pwhash" ]; then
  (umask 077; head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$secret")
  "$bin" passwd --state-dir "$state" < "$secret" > /dev/null
fi
echo "Badges print on the default CUPS printer, or as PNGs into $state/printed/ when there is none."
echo "frontdesk prints the kiosk and console URLs below."
if [ -s "$secret" ]; then
  echo "Organizer password: in $secret (set another: $bin passwd --state-dir $state)"
else
  echo "Organizer password: set earlier; to set another: $bin passwd --state-dir $state"
fi
echo "Ctrl-C stops the station."
exec "$bin" serve --config "$state/frontdesk.conf" --state-dir "$state"
