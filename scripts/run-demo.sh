#!/bin/sh
# run-demo.sh: start frontdesk with a demo event (make run).
set -eu
bin=${1:-build/frontdesk}
mkdir -p var
# Until the station lands, render the demo badge and say where it is.
"$bin" render layouts/dymo-30256.json --field first_name=Ada --field last_name=Lovelace \
  --field company="Analytical Engines" -o var/demo-badge.png
echo "Demo badge written to var/demo-badge.png"
