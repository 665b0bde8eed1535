#!/usr/bin/env bash
# make demo. Until the runtime lands this shows the front end at work: every
# built-in scenario is printed from the binary (as `sipp -sd` does), checked,
# and compiled to IR, whose first lines are shown.
set -euo pipefail
g=${1:-build/tools/gossipper}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for name in uac uas regexp 3pcc-C-A 3pcc-C-B 3pcc-A 3pcc-B branchc branchs uac_pcap ooc_default ooc_dummy; do
  rc=0
  "$g" sipp -sd "$name" >"$tmp/$name.xml" || rc=$?
  [ "$rc" -eq 99 ] || { echo "gossipper sipp -sd $name exited $rc"; exit 1; }
  "$g" check "$tmp/$name.xml"
  states=$("$g" compile --emit-ir "$tmp/$name.xml" | grep -cE '^  [0-9]+: ')
  printf '%-12s checked: %2d commands  ' "$name" "$states"
  "$g" compile --emit-ir "$tmp/$name.xml" | head -n 1
done
echo
echo "The IR of the built-in uac:"
"$g" compile --emit-ir "$tmp/uac.xml"
