#!/usr/bin/env bash
# Front-end benchmark: wall time and peak memory of `gossipper check`, next to
# SIPp 3.6.1 loading the same scenario, on this machine, in this run.
#
# SIPp has no check mode, so it is timed loading the scenario and then failing
# to bind a socket (-i 203.0.113.1 -bind_local): everything up to and including
# the scenario load, nothing after. SIPp 3.6.1 cannot load a file over 64 KiB,
# so the 5,000-command scenario is ours alone.
# Usage: bench/check_bench.sh path/to/gossipper [runs]
set -euo pipefail
g=$(realpath "$1")
runs=${2:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

command_block() {
  cat <<'XML'
  <send retrans="500"><![CDATA[
    OPTIONS sip:[service]@[remote_ip]:[remote_port] SIP/2.0
    Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
    From: <sip:a@[local_ip]>;tag=[pid]x[call_number]
    To: <sip:b@[remote_ip]>
    Call-ID: [call_id]
    CSeq: [cseq] OPTIONS
    Content-Length: 0
  ]]></send>
  <recv response="200"/>
XML
}
make_scenario() { # pairs file
  { echo '<?xml version="1.0"?>'; echo '<scenario name="big">'
    for _ in $(seq "$1"); do command_block; done
    echo '</scenario>'; } >"$2"
}
sipp -sd uac >uac.xml 2>/dev/null || true
make_scenario 185 sipp64k.xml    # 370 commands, just under SIPp's 64 KiB limit
make_scenario 2500 big5000.xml  # 5,000 commands

# Median wall time (ms) of `runs` runs, and the peak RSS (KB) of the last.
measure() {
  local times=() rss=0
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N)
    /usr/bin/time -f %M -o rss.txt "$@" >/dev/null 2>&1 || true
    e=$(date +%s%N)
    times+=($(( (e - s) / 1000 )))
    rss=$(tail -n 1 rss.txt)
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%d.%03d %s\n' $((median / 1000)) $((median % 1000)) "$rss"
}

cat >sipp_load <<'SH'
#!/bin/sh
exec sipp -sf "$1" -i 203.0.113.1 -bind_local -nostdin -m 1 127.0.0.1:5999
SH
chmod +x sipp_load

echo "| scenario | size | gossipper check: ms | peak RSS KB | sipp load: ms | peak RSS KB | time ratio sipp/gossipper |"
echo "|---|---|---|---|---|---|---|"
for f in uac.xml sipp64k.xml big5000.xml; do
  size=$(stat -c %s "$f")
  read -r gt gm < <(measure "$g" check "$f")
  if [ "$size" -le 65536 ] && command -v sipp >/dev/null; then
    read -r st sm < <(measure ./sipp_load "$f")
    ratio=$(awk -v a="$st" -v b="$gt" 'BEGIN {printf "%.2f", a / b}')
  else
    st="—"; sm="—"; ratio="— (SIPp 3.6.1 refuses files over 64 KiB)"
  fi
  echo "| $f | $size B | $gt | $gm | $st | $sm | $ratio |"
done
