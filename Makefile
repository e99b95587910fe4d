# campaignbot: `make run` starts the console chat, `make test` runs every test.
# SQLite FTS5 needs the sqlite_fts5 build tag on every build, test and vet.

GO      ?= go
TAGS    := sqlite_fts5
PKGS    := ./...
export CGO_ENABLED := 1

.PHONY: run test test-s3 bench-s3 vet fmt-check build bench fuzz clean

## run: the console chat on the embedded example config and a local SQLite file in ./data
run:
	$(GO) run -tags $(TAGS) ./cmd/campaignbot

## test: gofmt check, vet, then every test with the race detector
test: fmt-check vet
	$(GO) test -race -tags $(TAGS) -count=1 $(PKGS)

## test-s3: `make test` with the S3 cases too, against a SeaweedFS server on
## loopback that .ci/with-s3 builds once into ~/.cache/campaignbot (about 5
## minutes the first time; needs the Go module proxy), starts with fresh
## credentials and stops afterwards. Without it, S3 cases skip with a line
## naming CAMPAIGNBOT_TEST_S3_URL. For one package or test:
##   .ci/with-s3 go test -tags sqlite_fts5 -run 'Blob|Collect|Sweep' ./storage/
## or against any S3 service (each test creates and deletes its own bucket):
##   CAMPAIGNBOT_TEST_S3_URL='s3://cbtest?endpoint=http://127.0.0.1:8333&region=us-east-1&use_path_style=true' \
##   AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… go test -tags sqlite_fts5 ./storage/
test-s3:
	.ci/with-s3 $(MAKE) test

## bench-s3: the 100 MiB save and export benchmarks on S3 (SeaweedFS)
bench-s3:
	.ci/with-s3 $(GO) test -tags $(TAGS) -run '^$$' -bench 'S3' -benchtime 3x -timeout 30m ./handlers/

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
	./bot/slack/:FuzzSlashCommand ./bot/slack/:FuzzParseTS .:FuzzParseSearchQuery ./extract/:FuzzPDFText \
	./lunardate/:FuzzParse ./minutes/:FuzzRead
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
