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

## bench: the performance benchmarks recorded in README.md (a few minutes:
## they build 100,000-row databases), plus the 10,000-reminder burst
BENCHTIME ?= 20x
bench:
	$(GO) test -tags $(TAGS) -run '^TestDispatcherBurst$$' -v ./scheduler/ | grep -E 'drained|real time|^(ok|FAIL|---)'
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -timeout 60m $(PKGS)

## fuzz: a short run of every fuzz target (FUZZTIME=1m for longer)
FUZZTIME ?= 20s
fuzz:
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzParseText$$' -fuzztime $(FUZZTIME) ./bot/
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./config/
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzConsoleLine$$' -fuzztime $(FUZZTIME) ./bot/console/
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./todotext/
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzParseDue$$' -fuzztime $(FUZZTIME) ./todotext/
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzEvent$$' -fuzztime $(FUZZTIME) ./bot/slack/
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzInteraction$$' -fuzztime $(FUZZTIME) ./bot/slack/
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzSlashCommand$$' -fuzztime $(FUZZTIME) ./bot/slack/
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzParseTS$$' -fuzztime $(FUZZTIME) ./bot/slack/
	$(GO) test -tags $(TAGS) -run '^$$' -fuzz '^FuzzParseSearchQuery$$' -fuzztime $(FUZZTIME) .

clean:
	rm -rf bin data
