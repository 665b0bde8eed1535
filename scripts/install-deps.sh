#!/usr/bin/env bash
# Installs, from Debian's archive only, whatever the build, the tests and the demo need and this
# machine lacks. Idempotent: packages already present are not touched, apt is not even called.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git
  llvm-16-dev clang
  libboost1.81-dev libboost-json1.81-dev
  libexpat1-dev libssl-dev libsrtp2-dev libpcap-dev zlib1g-dev
  libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  libantlr4-runtime-dev antlr4 default-jre-headless
  libclang-rt-14-dev
  sip-tester
  kamailio  # the registrar and authenticating proxy of the auth tests
  kamailio-tls-modules kamailio-websocket-modules  # the TLS and WebSocket peers of the transport tests
  openssl  # the transport tests make their CA and certificates with it
  tshark  # reads the RTP of the media tests off the wire
  rtpengine-daemon  # the media relay Kamailio drives in the media tests (userspace)
  baresip  # a softphone that calls and answers in the media tests
  chromium  # headless, runs the script of gossipper report's page in tests/interop/report_test.py
  python3 procps
  python3-jsonschema python3-websockets  # the API tests check responses and read /live
  prometheus  # scrapes /metrics in tests/interop/metrics_test.py; promtool checks the page
  binutils  # ld links precompiled scenarios (.gso); build-essential brings it too
  libgrpc++-dev libprotobuf-dev  # the OTLP event exporter (protobuf bodies, gRPC transport)
  protobuf-compiler protobuf-compiler-grpc  # generate the OTLP classes from npm's .proto files at build time
  python3-grpcio python3-protobuf  # the OTLP receivers of tests/interop/events_test.py
  libedit-dev  # gossipper cli's line editing, history and completion
  libncurses-dev  # gossipper tui's screen (ncursesw)
  tmux  # drives gossipper cli on a terminal in tests/interop/shell_test.py
  dpkg-dev  # make package: dpkg-shlibdeps writes the .deb's Depends (build-essential brings it too)
  groff-base  # tests/interop/package_test.py checks the manual page with groff's warnings
  python3-yaml  # tests/interop/kubernetes_test.py reads the rendered manifests
)
# kubectl renders deploy/kubernetes/ (kubectl kustomize) in tests/interop/kubernetes_test.py:
# Debian's only when there is none on PATH (one from Google's Cloud SDK would conflict with it).
if ! command -v kubectl >/dev/null 2>&1; then
  packages+=(kubernetes-client)
fi
# The web panel's build (web/: npm ci, esbuild, tsc) and its test (playwright-core) need node and
# npm. Debian's only when the commands are missing: a node from elsewhere that bundles npm
# (nodesource's) would conflict with Debian's npm package.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian may start the kamailio service it just installed (on port 5060 of
# every address); the tests start their own Kamailio, so keep it off.
if printf '%s\n' "${missing[@]}" | grep -q '^kamailio' && command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable --now kamailio >/dev/null 2>&1 || true
fi
# The same for Prometheus' service (on :9090): the metrics test starts its own.
if printf '%s\n' "${missing[@]}" | grep -q '^prometheus$' && command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
# The same for the rtpengine service: the tests start their own.
if printf '%s\n' "${missing[@]}" | grep -q '^rtpengine' && command -v systemctl >/dev/null 2>&1; then
  $SUDO systemctl disable --now rtpengine-daemon >/dev/null 2>&1 || true
fi
