# Belonging: `make run` serves the app with demo data; `make test` runs every
# test. Both start a private PostgreSQL cluster when DATABASE_URL is unset.

SHELL := /bin/bash
GO ?= go
BIN := bin
APP := $(BIN)/belonging
DEVPG := $(BIN)/devpg
SQLC := $(GO) tool -modfile=tools/sqlc.mod sqlc
TEMPL := $(GO) tool templ
# npm tools for the tests (axe-core, the Nu HTML checker, the Azurite storage emulator); npm
# writes this file on every install.
NODE_TOOLS := tools/node_modules/.package-lock.json
# A real S3-compatible server for the blob store's tests, built from the Go
# module proxy (a few minutes, once); it is run by tests, never shipped.
MINIO := .cache/bin/minio
MINIO_VERSION := v0.0.0-20260212201848-7aac2a2c5b7c
# helm, built the same way, renders the chart in deploy/helm for its check.
HELM := .cache/bin/helm
HELM_VERSION := v4.3.2
# A module of its own, so the Kubernetes API types stay out of go.mod.
CHART_CHECK := deploy/helm/check

export APP_ENV ?= development
export BASE_URL ?= http://localhost:8080

.PHONY: run build test bench generate check-generated vet tools clean help i18n-check

help:
	@echo "make run    - serve http://localhost:8080 with demo data (private database under .data/)"
	@echo "make test   - run every test against a throwaway database and headless Chromium"
	@echo "make bench  - load a national network of data and measure the key pages (docs/benchmarks.md); SCALE=3 for three times the data"
	@echo "make generate - regenerate templ and sqlc code after changing .templ or .sql files"
	@echo "make i18n-check - check the English and Welsh catalogues (README: Welsh and English)"

# -buildvcs=auto stamps the commit into the binary (`belonging version`)
# whenever it is built from a git checkout, whatever GOFLAGS says.
build:
	@mkdir -p $(BIN)
	$(GO) build -buildvcs=auto -o $(APP) ./cmd/belonging
	$(GO) build -o $(DEVPG) ./cmd/devpg

# With DATABASE_URL set, run against that database; otherwise against a
# private cluster in .data/postgres that is kept between runs.
run: build
ifeq ($(strip $(DATABASE_URL)),)
	$(DEVPG) -dir .data/postgres -- bash -c '$(APP) migrate up && $(APP) seed && exec $(APP) serve'
else
	$(APP) migrate up && $(APP) seed && exec $(APP) serve
endif

# The catalogue test: both languages hold every message (Welsh with its six
# plural forms), every id the code uses exists, and no template writes
# English of its own. No database needed.
i18n-check:
	$(GO) test -count=1 ./internal/i18n/

generate:
	$(TEMPL) generate
	cd internal/store && $(GO) tool -modfile=../../tools/sqlc.mod sqlc generate

# Fails when the committed generated code differs from what the generators
# produce now. templ skips files it judges current, so the check generates
# a copy of web/ from scratch and compares every file.
check-generated:
	@stale=0; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cp -r web go.mod go.sum "$$tmp"/; find "$$tmp/web" -name '*_templ.go' -delete; \
	(cd "$$tmp" && $(GO) tool -modfile=$(CURDIR)/go.mod templ generate >/dev/null 2>&1) || { echo "templ generate failed"; exit 1; }; \
	for f in $$(find web -name '*.templ'); do \
		g="$${f%.templ}_templ.go"; \
		if ! cmp -s "$$tmp/$$g" "$$g"; then echo "stale generated code: $$g (run make generate)"; stale=1; fi; \
	done; \
	for g in $$(find web -name '*_templ.go'); do \
		[ -f "$${g%_templ.go}.templ" ] || { echo "generated code without its template: $$g"; stale=1; }; \
	done; \
	if ! (cd internal/store && $(GO) tool -modfile=../../tools/sqlc.mod sqlc diff); then \
		echo "stale generated code in internal/store (run make generate)"; stale=1; \
	fi; \
	exit $$stale

# gofmt, go vet, and go.mod and go.sum exactly as `go mod tidy` leaves them.
vet:
	@unformatted=$$(gofmt -l cmd internal web migrations deploy); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) mod tidy -diff
	cd $(CHART_CHECK) && $(GO) vet ./... && $(GO) mod tidy -diff

$(NODE_TOOLS): tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_TOOLS)

$(MINIO):
	GOBIN=$(CURDIR)/.cache/bin GOFLAGS=-buildvcs=false $(GO) install github.com/minio/minio@$(MINIO_VERSION)

$(HELM):
	GOBIN=$(CURDIR)/.cache/bin GOFLAGS=-buildvcs=false $(GO) install -ldflags='-s -w' helm.sh/helm/v4/cmd/helm@$(HELM_VERSION)

tools: $(NODE_TOOLS) $(MINIO) $(HELM)

test: check-generated vet tools build
ifeq ($(strip $(DATABASE_URL)),)
	$(DEVPG) -temp -- $(GO) test -count=1 -timeout 45m ./...
else
	$(GO) test -count=1 -timeout 45m ./...
endif
	cd $(CHART_CHECK) && $(GO) test -count=1 ./...

# Benchmarks at a national network's scale (cmd/bench): loads the scale
# data at N=$(SCALE) (default 1) into a private cluster kept in
# .data/bench-postgres-N$(SCALE) (a few minutes, the first time), drives
# each key page with 16 clients and writes the table to docs/benchmarks.md,
# beside the latest run at the other scale when there is one (results in
# .data/bench-results). At N=1 it also measures the largest institution's
# reports, loaded once into a database of its own in the same cluster.
# Then 300 students answer a pulse survey at once
# (internal/survey/bench_test.go), and the notification benchmarks run
# (internal/notify/bench_test.go: what enqueuing an email adds to a write,
# 10,000 outcome reminders found and queued in the scale data, 10,000
# emails sent through a test SMTP server). PROFILE=1 saves the server's CPU profile
# of each page in .cache/profiles.
SCALE ?= 1
# Shared buffers grow with the data (1 GB at N=1, 3 GB at N=3), as a
# server sized for its network's data would: at N=3 the library alone
# (2.3 GB with its TOAST and indexes) does not fit in 1 GB, and searches
# then read a third of their pages from the operating system.
BENCH_PG = -set shared_buffers=$(SCALE)GB -set work_mem=16MB -set max_wal_size=8GB
BENCH_FLAGS ?= -scale $(SCALE) -results .data/bench-results $(if $(filter 1,$(SCALE)),-largest) $(if $(PROFILE),-profile .cache/profiles)
bench: build
	$(GO) build -o $(BIN)/bench ./cmd/bench
ifeq ($(strip $(DATABASE_URL)),)
	$(DEVPG) -dir .data/bench-postgres-N$(SCALE) $(BENCH_PG) -- $(BIN)/bench $(BENCH_FLAGS)
	$(DEVPG) -temp -- $(GO) test -count=1 -run '^$$' -bench Submit300 -benchtime 1x ./internal/survey/
	$(DEVPG) -dir .data/bench-postgres-N$(SCALE) $(BENCH_PG) -- sh -c 'BENCH_SCALE_DATABASE_URL="$$DATABASE_URL" $(GO) test -count=1 -timeout 30m -run "^$$" -bench . -benchtime 1x ./internal/notify/'
else
	$(BIN)/bench $(BENCH_FLAGS)
	$(GO) test -count=1 -run '^$$' -bench Submit300 -benchtime 1x ./internal/survey/
	BENCH_SCALE_DATABASE_URL="$(DATABASE_URL)" $(GO) test -count=1 -timeout 30m -run '^$$' -bench . -benchtime 1x ./internal/notify/
endif

clean:
	rm -rf $(BIN)
