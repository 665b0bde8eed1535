#!/usr/bin/env bash
# make demo: a real load test on loopback. The built-in UAS listens; the
# built-in UAC places 20,000 calls at 2,000 calls/s (about ten seconds) and
# shows SIPp's live screen (and, while it runs, the web panel at
# http://127.0.0.1:18090/); both print their final statistics.
set -euo pipefail
g=$(realpath "${1:-build/tools/gossipper}")
rate=${DEMO_RATE:-2000}
calls=${DEMO_CALLS:-20000}
work=$(mktemp -d)
trap 'kill "$uas" 2>/dev/null || true; rm -rf "$work"' EXIT

uas_port=15070
uac_port=15071

echo "Starting the built-in UAS on 127.0.0.1:$uas_port ..."
"$g" sipp -sn uas -i 127.0.0.1 -p "$uas_port" -cp 18890 -m "$calls" -nostdin -buff_size 4194304 \
  >"$work/uas.out" 2>"$work/uas.err" &
uas=$!
sleep 1
echo "Running the built-in UAC: $calls calls at $rate calls/s ..."
echo "(the web panel and the API: http://127.0.0.1:18090/ while it runs)"
sleep 2
rc=0
"$g" sipp -sn uac 127.0.0.1:"$uas_port" -i 127.0.0.1 -p "$uac_port" -cp 18891 -r "$rate" -m "$calls" \
  -buff_size 4194304 -api_addr 127.0.0.1:18090 || rc=$?
wait "$uas" || true
echo
echo "The UAS's final screens:"
cat "$work/uas.out"
exit "$rc"
