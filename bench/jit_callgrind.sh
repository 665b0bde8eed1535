#!/usr/bin/env bash
# Instructions per call in scenario execution, interpreter against native
# code, counted by callgrind (deterministic on a shared machine). The built-in
# uac runs 500 calls under callgrind against our uas; "scenario execution" is
# the inclusive cost of the program's render and run_actions entry points
# (what the engine asks of the scenario's code, services included); the rest
# of the run (sockets, parsing, timers) is printed apart.
# Usage: bench/jit_callgrind.sh path/to/gossipper
set -euo pipefail
g=$(realpath "$1")
tmp=$(mktemp -d)
trap 'pkill -P $$ 2>/dev/null || true; rm -rf "$tmp"' EXIT
cd "$tmp"
export GOSSIPPER_CACHE_DIR=$tmp/cache
calls=500
# Warm the cache so the native run's profile holds no compilation (under
# valgrind: the CPU it shows is part of the cache key).
valgrind --tool=none "$g" sipp -sn uac 127.0.0.1:9 -nostdin -set warm 1 >/dev/null 2>&1 || true
printf '| engine | scenario execution (instr / call) | whole uac process, start included (instr / call) |\n|---|---|---|\n'
for engine in interp jit; do
  port=$((20000 + RANDOM % 20000))
  "$g" sipp -sn uas -p $port -i 127.0.0.1 -nostdin -m $calls -cp 0 -threads 1 >uas.out 2>&1 &
  sleep 0.5
  valgrind --tool=callgrind --callgrind-out-file=cg.$engine "$g" sipp -sn uac 127.0.0.1:$port \
    -p 0 -cp 0 -r 100 -m $calls -i 127.0.0.1 -nostdin -engine $engine -threads 1 >uac.out 2>&1
  wait
  callgrind_annotate --inclusive=yes cg.$engine >ann.$engine 2>/dev/null
  total=$(awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}' ann.$engine)
  scenario=$(awk '/Interpreter::render\(|Interpreter::run_actions\(|gsp_scenario_render|gsp_scenario_run_actions/ && !/=>/ {gsub(",","",$1); s+=$1} END {print s+0}' ann.$engine)
  printf '| %s | %d | %d |\n' $engine $((scenario / calls)) $((total / calls))
done
