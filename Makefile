# The two commands of README.md: `make demo` and `make test`. Both install what
# is missing (from Debian's archive, scripts/install-deps.sh) and build first.
BUILD_DIR ?= build
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 30
ASAN_DIR ?= build-asan
TSAN_DIR ?= build-tsan
JOBS ?= $(shell nproc)

.PHONY: all deps configure build package demo test unit fuzz test-sanitize bench bench-runtime bench-cpu bench-media bench-srtp bench-api bench-hep bench-events bench-faults bench-soak clean

all: build

deps:
	bash scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The Debian package, from this build (docs/packaging.md):
# $(BUILD_DIR)/gossipper_VERSION_ARCH.deb.
package: build
	cd $(BUILD_DIR) && cpack -G DEB

demo: build
	bash scripts/demo.sh $(BUILD_DIR)/tools/gossipper

unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Fuzz targets need clang's libFuzzer: a separate build of the front end only.
fuzz: deps
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DGOSSIPPER_FUZZ=ON \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(FUZZ_DIR) -j $(JOBS)
	bash tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

# The engine's unit tests under ASan+UBSan, and its threaded tests under
# TSan: two more builds with clang, of the runtime and those tests only
# (tests/sanitize/CMakeLists.txt says which and why).
test-sanitize: deps
	cmake -S . -B $(ASAN_DIR) -G Ninja -DGOSSIPPER_SANITIZE=address \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Sanitize
	cmake --build $(ASAN_DIR) -j $(JOBS) --target gossipper_sanitized_tests
	cd $(ASAN_DIR) && ctest --output-on-failure -j $(JOBS)
	cmake -S . -B $(TSAN_DIR) -G Ninja -DGOSSIPPER_SANITIZE=thread \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Sanitize
	cmake --build $(TSAN_DIR) -j $(JOBS) --target gossipper_sanitized_tests
	cd $(TSAN_DIR) && ctest --output-on-failure -j $(JOBS)

test: unit fuzz test-sanitize

bench: build
	bash bench/check_bench.sh $(BUILD_DIR)/tools/gossipper

bench-runtime: build
	python3 bench/runtime_bench.py $(BUILD_DIR)/tools/gossipper

# CPU per call as user and system time, against SIPp (CPU_ARGS=--baseline
# OTHER compares two builds in the same run).
bench-cpu: build
	python3 bench/cpu_split.py $(BUILD_DIR)/tools/gossipper $(CPU_ARGS)

# Concurrent G.711 streams against SIPp (root: raw sockets, network
# namespaces); MEDIA_ARGS=--quick for a short try.
bench-media: build
	python3 bench/media_bench.py $(BUILD_DIR)/tools/gossipper $(MEDIA_ARGS)

# SRTP's cost: our wrapper against bare libsrtp2 per packet and a DTLS-SRTP
# handshake (Google Benchmark, repetitions interleaved: the machine is
# shared), then echoed SDES and DTLS-SRTP streams against plain RTP (root:
# network namespaces); SRTP_ARGS=--quick for a short ladder.
SRTP_REPS ?= 5
bench-srtp: build
	$(BUILD_DIR)/bench/srtp_bench --benchmark_repetitions=$(SRTP_REPS) \
	  --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
	python3 bench/srtp_streams_bench.py $(BUILD_DIR)/tools/gossipper $(SRTP_ARGS)

# The HTTP API's cost: CPU per call with none, an idle API and 10 /live
# clients (against SIPp's own UAC), and GET /api/v1/stats per second.
bench-api: build
	/usr/bin/python3 bench/api_bench.py $(BUILD_DIR)/tools/gossipper $(API_ARGS)

# HEP mirroring's cost: CPU per call with -hep_addr on and off (a ratio).
bench-hep: build
	/usr/bin/python3 bench/hep_bench.py $(BUILD_DIR)/tools/gossipper $(HEP_ARGS)

# Structured events' cost: CPU per call with events off, to JSON lines and to
# an OTLP collector (debug and info), and events per second.
bench-events: build
	python3 bench/events_bench.py $(BUILD_DIR)/tools/gossipper $(EVENTS_ARGS)

# Faults between a uac and SIPp's uas (a lossy relay, the peer restarted,
# a stalled or reset TCP peer, a full disk): SIPp's uac and ours.
bench-faults: build
	python3 bench/faults.py $(BUILD_DIR)/tools/gossipper

# A million calls at 5,000/s with traces on: RSS and descriptors over time.
bench-soak: build
	python3 bench/soak.py $(BUILD_DIR)/tools/gossipper $(SOAK_ARGS)

clean:
	rm -rf $(BUILD_DIR) $(FUZZ_DIR)
