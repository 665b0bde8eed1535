#!/usr/bin/env bash
# The CMake package: docs/examples/cmake-project builds against this build
# tree's GossipperConfig.cmake, checking and precompiling its scenarios; the
# same project with a broken scenario fails its build with file:line:col.
# Usage: cmake_package_test.sh <gossipper build dir> <source dir>
set -uo pipefail
build=$(realpath "$1")
src=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export GOSSIPPER_CACHE_DIR=$tmp/cache
fail=0

cp -r "$src/docs/examples/cmake-project" "$tmp/good"
if cmake -S "$tmp/good" -B "$tmp/good/build" -G Ninja -DGossipper_DIR="$build" >"$tmp/log" 2>&1 &&
   cmake --build "$tmp/good/build" >>"$tmp/log" 2>&1; then
  echo "ok: the example project builds"
else
  echo "FAIL: the example project does not build"; cat "$tmp/log"; fail=1
fi
for gso in options_ping options_answer; do
  [ -s "$tmp/good/build/$gso.gso" ] || { echo "FAIL: no $gso.gso"; fail=1; }
done
# The precompiled objects run: one OPTIONS exchange between them.
port=$((20000 + RANDOM % 20000))
"$build/tools/gossipper" run "$tmp/good/build/options_answer.gso" -i 127.0.0.1 -p $port -m 1 \
  -nostdin -cp 0 >"$tmp/uas.out" 2>&1 &
uas=$!
sleep 0.5
if timeout 20 "$build/tools/gossipper" run "$tmp/good/build/options_ping.gso" 127.0.0.1:$port \
     -i 127.0.0.1 -p 0 -m 1 -nostdin -cp 0 >"$tmp/uac.out" 2>&1; then
  echo "ok: the precompiled objects run"
else
  echo "FAIL: the precompiled ping failed"; tail -30 "$tmp/uac.out"; fail=1
fi
timeout 10 tail --pid=$uas -f /dev/null; kill $uas 2>/dev/null

# The same from an installed Gossipper.
if cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/log" 2>&1 &&
   cp -r "$src/docs/examples/cmake-project" "$tmp/installed" &&
   cmake -S "$tmp/installed" -B "$tmp/installed/build" -G Ninja \
     -DGossipper_DIR="$tmp/prefix/lib/cmake/Gossipper" >>"$tmp/log" 2>&1 &&
   cmake --build "$tmp/installed/build" >>"$tmp/log" 2>&1 &&
   [ -s "$tmp/installed/build/options_ping.gso" ]; then
  echo "ok: the example project builds against an installed Gossipper"
else
  echo "FAIL: the example project against an installed Gossipper"; cat "$tmp/log"; fail=1
fi

cp -r "$src/docs/examples/cmake-project" "$tmp/bad"
sed -i 's|<recv response="200" rtd="true"/>|<recv response="200" rtd="true" bogus="1"/>|' \
  "$tmp/bad/scenarios/options_ping.xml"
cmake -S "$tmp/bad" -B "$tmp/bad/build" -G Ninja -DGossipper_DIR="$build" >"$tmp/log" 2>&1
if cmake --build "$tmp/bad/build" >"$tmp/log" 2>&1; then
  echo "FAIL: a broken scenario did not fail the build"; fail=1
elif grep -q "options_ping.xml:16:35: error:" "$tmp/log"; then
  echo "ok: a broken scenario fails the build with file:line:col"
else
  echo "FAIL: no file:line:col diagnostic"; cat "$tmp/log"; fail=1
fi
exit $fail
