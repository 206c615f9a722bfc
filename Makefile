# ringwave: `make` reproduces every experiment in experiments/ and renders
# the reports; `make test` runs the tests. See README.md.

GO      ?= go
RESULTS ?= results
BIN     := bin/ringwave
JOBS    ?= 2
ECHARTS := .cache/echarts/echarts.min.js

EXPERIMENTS := $(wildcard experiments/*.toml)
NAMES       := $(basename $(notdir $(EXPERIMENTS)))
GOFILES     := $(shell find . \( -name '*.go' -o -name '*.s' -o -name '*.h' \) -not -path './.cache/*') go.mod go.sum

.PHONY: all reports echarts test test-arm64 bench fuzz clean distclean deps $(NAMES)

FUZZTIME ?= 2m
# make test fuzzes for a number of executions, not a time (about 5 s each
# here): Go 1.26's coordinator may report "context deadline exceeded" when
# a duration ends while a starved worker is mid-call (go.dev/issue/75804,
# fixed in Go 1.27), which failed CI on a loaded machine with no crasher.
FUZZ_LOAD ?= $(FUZZTIME)
FUZZ_READ ?= $(FUZZTIME)

all: reports

# Every experiment, then one report page per manifest and an index.
reports: $(BIN) echarts
	$(BIN) run -results $(RESULTS) -j $(JOBS) $(EXPERIMENTS)
	$(BIN) report -results $(RESULTS) $(EXPERIMENTS)

# The pinned ECharts script the reports load (fetched from npm, never
# committed; without npm the reports render with a warning banner).
echarts:
	tools/fetch-echarts.sh

$(BIN): $(GOFILES)
	$(GO) build -o $@ ./cmd/ringwave

# One target per experiment. A manifest's reference is computed by its own
# run too; under make -j the per-entry lock makes the second process wait
# for the first instead of computing the same run twice.
$(NAMES): %: $(BIN)
	$(BIN) run -results $(RESULTS) experiments/$*.toml

deps:
	tools/install-deps.sh

test: deps echarts
	$(GO) vet ./...
	$(GO) test ./...
	$(MAKE) --no-print-directory test-arm64
	$(MAKE) --no-print-directory fuzz FUZZ_LOAD=10000x FUZZ_READ=200000x

# The arm64 build under qemu-user (Debian's qemu-user-static, installed by
# deps): sim's tests, and ringwave's files compared with amd64's bit for bit.
test-arm64:
	GO=$(GO) tools/test-arm64.sh

# The fuzz targets of the manifest decoder and the .npy reader, FUZZTIME each
# (or FUZZ_LOAD, FUZZ_READ: a duration or a count such as 10000x).
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzLoad -fuzztime $(FUZZ_LOAD) ./pipeline/manifest
	$(GO) test -run '^$$' -fuzz FuzzRead -fuzztime $(FUZZ_READ) ./internal/npyfile

bench: deps
	tools/bench.sh

clean:
	rm -rf bin $(RESULTS)/reports

# Also deletes the cache: every run will be computed again.
distclean: clean
	rm -rf $(RESULTS) .cache

# -executor slurm against a real single-node cluster on localhost, started
# and stopped by tools/slurm-test-cluster.sh (as root; it installs Debian's
# slurm-wlm and munge if missing). The cluster is stopped even when the
# tests fail.
SLURM_DIR ?= /tmp/ringwave-slurm

.PHONY: test-slurm
test-slurm:
	RINGWAVE_SLURM_DIR=$(SLURM_DIR) tools/slurm-test-cluster.sh start
	RINGWAVE_SLURM=1 SLURM_CONF=$(SLURM_DIR)/slurm.conf $(GO) test -count=1 -run Slurm ./cmd/ringwave ./pipeline/executor/slurm; \
	status=$$?; RINGWAVE_SLURM_DIR=$(SLURM_DIR) tools/slurm-test-cluster.sh stop; exit $$status
