#!/usr/bin/env bash
# Every built-in scenario of the installed SIPp (sipp -sd NAME, all 12 names)
# passes `gossipper check`, and our built-in of the same name compiles to the
# same IR (same messages, same commands, same attributes; only comments,
# layout and source positions differ).
set -euo pipefail
gossipper=$(realpath "$1")
src=$2
command -v sipp >/dev/null || { echo "sipp (Debian sip-tester) is not installed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for name in uac uas regexp 3pcc-C-A 3pcc-C-B 3pcc-A 3pcc-B branchc branchs uac_pcap ooc_default ooc_dummy; do
  rc=0
  sipp -sd "$name" >"$tmp/$name.xml" 2>/dev/null || rc=$?
  if [ "$rc" -ne 99 ]; then echo "sipp -sd $name exited $rc, expected 99"; fail=1; continue; fi
  if ! "$gossipper" check "$tmp/$name.xml"; then
    echo "FAIL: SIPp's $name does not pass gossipper check"; fail=1; continue
  fi
  "$gossipper" compile --emit-ir --no-locations "$tmp/$name.xml" >"$tmp/$name.sipp.ir"
  "$gossipper" compile --emit-ir --no-locations "$src/scenarios/$name.xml" >"$tmp/$name.ours.ir"
  if ! diff -u "$tmp/$name.sipp.ir" "$tmp/$name.ours.ir"; then
    echo "FAIL: our built-in $name differs from SIPp's"; fail=1; continue
  fi
  # gossipper sipp -sd prints ours, with SIPp's exit code.
  rc=0
  "$gossipper" sipp -sd "$name" >"$tmp/$name.dump" || rc=$?
  if [ "$rc" -ne 99 ] || ! cmp -s "$tmp/$name.dump" "$src/scenarios/$name.xml"; then
    echo "FAIL: gossipper sipp -sd $name (rc $rc)"; fail=1; continue
  fi
  echo "ok: $name"
done
exit $fail
