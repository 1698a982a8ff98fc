# Interview Coach. `make run` serves the app, `make test` runs every test.
# Both install what is missing first (redis-server; chromium for tests)
# through apt when run as root or with passwordless sudo.

GO      ?= go
BIN     ?= bin/coach
APT_GET  = $(shell if [ "$$(id -u)" = 0 ]; then echo apt-get; elif sudo -n true 2>/dev/null; then echo sudo apt-get; fi)

.PHONY: run test build deps test-deps vet fmt-check bench bench-go fuzz clean

run: deps build
	./$(BIN) serve

build:
	$(GO) build -o $(BIN) ./cmd/coach

test: test-deps fmt-check vet
	$(GO) test -race -count=1 ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

# bench: the load benchmark (README, Benchmarks): coach serve on a managed
# redis-server driven by cmd/loadgen, next to a bare Gin server.
# BENCH_CONNS, BENCH_DURATION, BENCH_ONLY, BENCH_PROFILE tune it.
bench: deps
	GO=$(GO) ./scripts/bench.sh

# bench-go: the Go micro-benchmarks (scorer, banks, LLM client).
bench-go: test-deps
	$(GO) test -run '^$$' -bench . -benchmem ./...

# fuzz: every Fuzz target for FUZZTIME each (CI runs this after test).
FUZZTIME ?= 10s
fuzz: test-deps
	@set -e; for dir in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
		for target in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go | cut -c6-); do \
			echo "fuzz $$dir $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$dir; \
		done; \
	done

deps:
	@$(call need,redis-server,redis-server,brew install redis, or set REDIS_URL to a Redis you run)

test-deps:
	@$(call need,redis-server,redis-server,brew install redis)
	@$(call need,chromium,chromium,install Chromium and put it on PATH as chromium)

clean:
	rm -rf bin

# need,COMMAND,DEBIAN-PACKAGE,OTHER-HINT: install the package when the
# command is missing, or stop with a message saying how.
define need
if ! command -v $(1) >/dev/null 2>&1; then \
	if [ -n "$(APT_GET)" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing $(2) with apt-get..."; \
		$(APT_GET) update -qq && DEBIAN_FRONTEND=noninteractive $(APT_GET) install -y -qq $(2) >/dev/null || exit 1; \
	else \
		echo "$(1) is missing: run 'sudo apt-get install $(2)' ($(3))."; exit 1; \
	fi; \
fi
endef
