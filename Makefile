# ringwave: `make` reproduces every experiment in experiments/ and renders
# the reports; `make test` runs the tests. See README.md.

GO      ?= go
RESULTS ?= results
BIN     := bin/ringwave


EXPERIMENTS := $(wildcard experiments/*.toml)
NAMES       := $(basename $(notdir $(EXPERIMENTS)))
GOFILES     := $(shell find . -name '*.go' -not -path './.cache/*') go.mod go.sum

.PHONY: all test bench fuzz clean distclean deps $(NAMES)

FUZZTIME ?= 2m

all: $(NAMES)

$(BIN): $(GOFILES)
	$(GO) build -o $@ ./cmd/ringwave

# One target per experiment. A manifest's reference is computed by its own
# run too; under make -j the per-entry lock makes the second process wait
# for the first instead of computing the same run twice.
$(NAMES): %: $(BIN)
	$(BIN) run -results $(RESULTS) experiments/$*.toml

deps:
	tools/install-deps.sh

test: deps
	$(GO) vet ./...
	$(GO) test ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=5s

# The fuzz targets of the manifest decoder and the .npy reader, FUZZTIME each.
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzLoad -fuzztime $(FUZZTIME) ./pipeline
	$(GO) test -run '^$$' -fuzz FuzzRead -fuzztime $(FUZZTIME) ./internal/npyfile

bench: deps
	tools/bench.sh

clean:
	rm -rf bin $(RESULTS)/reports

# Also deletes the cache: every run will be computed again.
distclean: clean
	rm -rf $(RESULTS) .cache
