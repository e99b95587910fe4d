# campaignbot: `make run` starts the console chat, `make test` runs every test.
# SQLite FTS5 needs the sqlite_fts5 build tag on every build, test and vet.

GO      ?= go
TAGS    := sqlite_fts5
PKGS    := ./...
export CGO_ENABLED := 1

.PHONY: run test vet fmt-check build bench fuzz clean

## run: the console chat on the embedded example config and a local SQLite file in ./data
run:
	$(GO) run -tags $(TAGS) ./cmd/campaignbot

## test: gofmt check, vet, then every test with the race detector
test: fmt-check vet
	$(GO) test -race -tags $(TAGS) -count=1 $(PKGS)

vet:
	$(GO) vet -tags $(TAGS) $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(find . -name '*.go' -not -path './data/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

## build: the binary in ./bin
build:
	$(GO) build -tags $(TAGS) -o bin/campaignbot ./cmd/campaignbot

## bench: the performance benchmarks recorded in README.md (several build
## 100,000-row databases; the to-do scale benchmarks build a 1,000,000-to-do
## database per backend once, 2-6 minutes each on a 2-core machine), plus
## the 10,000-reminder burst
BENCHTIME ?= 20x
bench:
	$(GO) test -tags $(TAGS) -run '^TestDispatcherBurst$$' -v ./scheduler/ | grep -E 'drained|real time|^(ok|FAIL|---)'
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -timeout 60m $(PKGS)

## fuzz: a short run of every fuzz target (FUZZTIME=1m for longer), each
## reporting how many inputs it executed; a target that executes fewer than
## FUZZMIN fails, so a fuzzer that only minimises its seeds is noticed.
## -fuzzminimizetime caps the time spent shrinking each new input (the
## default, 60 s per input, left large seeds such as the example config
## with a handful of executions).
FUZZTIME ?= 20s
FUZZMIN  ?= 500
FUZZ_TARGETS := ./bot/:FuzzParseText ./config/:FuzzParse ./bot/console/:FuzzConsoleLine \
	./todotext/:FuzzParse ./todotext/:FuzzParseDue ./bot/slack/:FuzzEvent ./bot/slack/:FuzzInteraction \
	./bot/slack/:FuzzSlashCommand ./bot/slack/:FuzzParseTS .:FuzzParseSearchQuery ./extract/:FuzzPDFText
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		out=$$($(GO) test -tags $(TAGS) -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 3s $$pkg 2>&1); rc=$$?; \
		execs=$$(printf '%s\n' "$$out" | grep -o 'execs: [0-9]*' | tail -1 | cut -d' ' -f2); \
		printf '%-14s %-22s %10s executions\n' "$$pkg" "$$fn" "$${execs:-0}"; \
		if [ $$rc -ne 0 ]; then printf '%s\n' "$$out" | tail -40; exit 1; fi; \
		if [ "$${execs:-0}" -lt $(FUZZMIN) ]; then echo "$$fn executed fewer than $(FUZZMIN) inputs"; exit 1; fi; \
	done

clean:
	rm -rf bin data
