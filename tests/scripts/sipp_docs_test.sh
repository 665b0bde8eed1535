#!/usr/bin/env bash
# The examples of SIPp's documentation, written down in tests/sipp_docs/, pass
# `gossipper check`. NAME.args holds extra check options (e.g. -inf, -key).
set -euo pipefail
gossipper=$(realpath "$1")
src=$2
dir=$src/tests/sipp_docs
fail=0
count=0
for xml in "$dir"/*.xml; do
  name=$(basename "$xml" .xml)
  args=()
  if [ -f "$dir/$name.args" ]; then
    read -r -a args <"$dir/$name.args"
  fi
  if (cd "$dir" && "$gossipper" check "${args[@]}" "$name.xml"); then
    echo "ok: $name"
  else
    echo "FAIL: $name"; fail=1
  fi
  count=$((count + 1))
done
[ "$count" -ge 10 ] || { echo "expected at least 10 documentation examples, found $count"; fail=1; }
exit $fail
