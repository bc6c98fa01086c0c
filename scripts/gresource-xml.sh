#!/bin/sh
# gresource-xml.sh: print a GResource manifest embedding every file under DIR at /frontdesk/.
set -eu
dir=${1:-web}
echo '<?xml version="1.0" encoding="UTF-8"?>'
echo '<gresources><gresource prefix="/frontdesk">'
(cd "$dir" && find . -type f ! -name '*~' | sed 's|^\./||' | LC_ALL=C sort) | while read -r f; do
  printf '  <file>%s</file>\n' "$f" | sed 's/&/\&amp;/g'
done
echo '</gresource></gresources>'
