# Hanout — the two commands a newcomer needs:
#   make run    install what is missing, build, start the till on a demo store
#   make test   install what is missing, gofmt, go vet, staticcheck, every
#               test under the race detector (CI runs this: .ci/run)
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin:$(HOME)/go/bin
# Fyne logs an error at start-up under the C locale; the till's own
# language is chosen in the app, so any UTF-8 locale will do here.
ifeq ($(filter-out C POSIX C.UTF-8,$(or $(LC_ALL),$(LANG),C)),)
export LANG := en_US.UTF-8
export LC_ALL :=
endif
GO      ?= go
BUILD   ?= $(or $(TMPDIR),/tmp)/hanout-build
DATA    ?= $(or $(XDG_DATA_HOME),$(HOME)/.local/share)/hanout
# Debian packages: Fyne's cgo build (gcc, GL, X11, xkbcommon), socat and a
# pty for serial tests, zbarimg to decode QR codes independently, Xvfb and
# ImageMagick for screenshots of the real window, a locale for Xvfb,
# unicode-data for the bidi conformance file BidiCharacterTest.txt,
# PostgreSQL for the platform's tests (they start a throwaway server),
# Chromium (headless) for the tests of the platform's web pages.
APT_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev socat zbar-tools xvfb x11-apps imagemagick locales unicode-data postgresql chromium
# staticcheck, at a version the Go module proxy serves; `go run` builds it
# into the module cache the first time.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
# How many `make test` runs soak-tests does in a row, and where it logs.
SOAK_RUNS ?= 10
SOAK_LOG  ?= $(or $(TMPDIR),/tmp)/hanout-soak.log

.PHONY: run test check soak-tests bench deps build screenshots fuzz clean

deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) >/dev/null || exit 1; \
	  else \
	    echo "Missing Debian packages. Run:"; echo "  sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	@command -v $(GO) >/dev/null || { echo "Go is missing: install Go 1.26 from go.dev/dl into /usr/local/go"; exit 1; }

build: deps
	@mkdir -p $(BUILD)
	$(GO) build -o $(BUILD)/hanout ./cmd/hanout
	@if [ -d cmd/hanout-platform ]; then $(GO) build -o $(BUILD)/hanout-platform ./cmd/hanout-platform; fi

# Starts the till on $(DATA); an empty folder gets the demo cooperative.
run: build
	@if [ ! -f "$(DATA)/hanout.db" ]; then $(BUILD)/hanout demo seed --data "$(DATA)" --days 14; fi
	$(BUILD)/hanout --data "$(DATA)"

# The checks, each failing the build: gofmt, go vet, staticcheck. The
# layering and complexity rules are tests (cmd/internal/house).
check: deps
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt -l: not formatted (run gofmt -w):"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# Every package's tests, all under the race detector (none is left out:
# the whole run fits the CI budget). The timeout is above go test's 10 min
# default: pos/ui alone takes minutes under -race on a busy machine.
test: check
	$(GO) test -race -count=1 -timeout 25m ./...

# SOAK_RUNS `make test` in a row (a flaky test shows as a run that fails
# once); each run's output and a summary line go to SOAK_LOG.
soak-tests: deps
	@: > $(SOAK_LOG); pass=0; \
	for i in $$(seq 1 $(SOAK_RUNS)); do \
	  start=$$(date +%s); \
	  if $(MAKE) --no-print-directory test >> $(SOAK_LOG) 2>&1; then r=ok; pass=$$((pass+1)); else r=FAIL; fi; \
	  echo "soak run $$i/$(SOAK_RUNS): $$r in $$(( $$(date +%s) - start ))s" | tee -a $(SOAK_LOG); \
	done; \
	echo "soak: $$pass/$(SOAK_RUNS) runs passed; log: $(SOAK_LOG)" | tee -a $(SOAK_LOG); \
	[ $$pass = $(SOAK_RUNS) ]

bench: deps
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Each fuzz target for a while, beyond the seeds `make test` runs.
FUZZTIME ?= 20s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; done

screenshots: build
	$(BUILD)/hanout screenshots --out assets/screenshots
	HANOUT_SCREENSHOTS=$(CURDIR)/assets/screenshots $(GO) test -count=1 -run '^TestBrowser$$' ./sync/platform/

clean:
	rm -rf $(BUILD)
