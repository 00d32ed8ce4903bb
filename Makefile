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
APT_PKGS := gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev socat zbar-tools xvfb x11-apps imagemagick locales gcc-mingw-w64-x86-64 xz-utils unicode-data postgresql chromium
# staticcheck, at a version the Go module proxy serves; `go run` builds it
# into the module cache the first time.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
# How many `make test` runs soak-tests does in a row, and where it logs.
SOAK_RUNS ?= 10
SOAK_LOG  ?= $(or $(TMPDIR),/tmp)/hanout-soak.log

.PHONY: run test check soak-tests bench deps build screenshots fuzz clean loadtest

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
	$(GO) build -ldflags "-X main.version=$(VERSION) -X main.commit=$(COMMIT)" -o $(BUILD)/hanout ./cmd/hanout
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

# SOAK_RUNS `make test` in a row on a fresh clone of HEAD (a flaky test
# shows as a run that fails once; a fresh clone is what a newcomer gets,
# without this tree's untracked or uncommitted files); each run's output
# and a summary line go to SOAK_LOG. The loop calls plain `make`, not
# $(MAKE), so that `make -n soak-tests` prints it instead of running it.
soak-tests: deps
	@dir=$$(mktemp -d); trap 'rm -rf "$$dir"' EXIT; \
	git clone -q . "$$dir/hanout" || exit 1; \
	echo "soak: a fresh clone of $$(git -C "$$dir/hanout" log -1 --format='%h %<(60,trunc)%s')" | tee $(SOAK_LOG); \
	if [ -n "$$(git status --porcelain --untracked-files=no)" ]; then echo "soak: uncommitted changes here are not in the clone" | tee -a $(SOAK_LOG); fi; \
	pass=0; \
	for i in $$(seq 1 $(SOAK_RUNS)); do \
	  start=$$(date +%s); \
	  if make -C "$$dir/hanout" --no-print-directory test >> $(SOAK_LOG) 2>&1; then r=ok; pass=$$((pass+1)); else r=FAIL; fi; \
	  echo "soak run $$i/$(SOAK_RUNS): $$r in $$(( $$(date +%s) - start ))s" | tee -a $(SOAK_LOG); \
	done; \
	echo "soak: $$pass/$(SOAK_RUNS) runs passed; log: $(SOAK_LOG)" | tee -a $(SOAK_LOG); \
	[ $$pass = $(SOAK_RUNS) ]

bench: deps
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The platform's load test on PostgreSQL and its floor in one run (README,
# Performance): a throwaway durable cluster, two servers, 1,000 tills, the
# pushes and the floor alternated in 8 rounds.
loadtest: deps
	@mkdir -p $(BUILD)
	$(GO) build -o $(BUILD)/hanout-platform ./cmd/hanout-platform
	$(BUILD)/hanout-platform loadtest --servers 2 --tills 1000 --sales 400 --rounds 8

# Each fuzz target for a while, beyond the seeds `make test` runs.
FUZZTIME ?= 20s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; done

screenshots: build
	$(BUILD)/hanout screenshots --out assets/screenshots
	HANOUT_SCREENSHOTS=$(CURDIR)/assets/screenshots $(GO) test -count=1 -run '^TestBrowser(Receipt)?$$' ./sync/platform/

clean:
	rm -rf $(BUILD)

# ---- Packages ----------------------------------------------------------------
# make dist writes dist/ (build output: it ignores itself through
# dist/.gitignore, so the repository root gains no entry):
#   hanout-VERSION-linux-amd64.tar.xz  fyne package (fyne.io/tools, pinned
#                                      below) from FyneApp.toml: binary,
#                                      desktop entry, icon, a Makefile that
#                                      installs them, and the kiosk start-up
#                                      files (systemd user unit, XDG autostart)
#   hanout_VERSION_amd64.deb           the same files for dpkg/apt
#   hanout.exe                         Windows amd64, cgo through mingw-w64,
#                                      icon and version resources, GUI program
#   hanout-platform-linux-{amd64,arm64}
#   SHA256SUMS
# Version and commit are stamped into the binaries (hanout --version).
# Packaging works on a staged copy of the working tree, never in it.
# `make test` checks these packages (cmd/hanout TestDist) only when a
# packaging file (FyneApp.toml, assets/icon.png, assets/dist/, *_windows.go)
# or go.mod/go.sum changed since HEAD~1 (HANOUT_DIST_BASE), since the cold
# Windows cross build alone takes minutes on 2 cores. After editing the
# recipe below, run HANOUT_DIST=1 make test; HANOUT_DIST=0 skips it.
.PHONY: dist
DIST       ?= $(CURDIR)/dist
VERSION    ?= $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
COMMIT     ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -dirty)
FYNE_TOOLS := fyne.io/tools/cmd/fyne@v1.7.4
FYNE_DIR   ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/hanout/fyne-tools-v1.7.4
FYNE       := $(FYNE_DIR)/fyne
DIST_SRC    = $(BUILD)/dist-src
DIST_STAMP  = -ldflags=-X=main.version=$(VERSION) -ldflags=-X=main.commit=$(COMMIT)

dist: deps
	rm -rf "$(DIST)" "$(DIST_SRC)" "$(BUILD)/dist-tar" "$(BUILD)/dist-deb"
	mkdir -p "$(DIST)" "$(DIST_SRC)" "$(BUILD)/dist-tar"
	echo '*' > "$(DIST)/.gitignore"
	test -x "$(FYNE)" || GOBIN="$(FYNE_DIR)" GOFLAGS= $(GO) install $(FYNE_TOOLS)
	if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$(DIST_SRC)"; \
	else tar --exclude=./dist -cf - . | tar -xf - -C "$(DIST_SRC)"; fi
	sed 's#"assets/icon.png"#"../../assets/icon.png"#' FyneApp.toml > "$(DIST_SRC)/cmd/hanout/FyneApp.toml"
	@echo "== Linux amd64: fyne package"
	cd "$(DIST_SRC)/cmd/hanout" && GOFLAGS="$$GOFLAGS $(DIST_STAMP)" "$(FYNE)" package --target linux --release
	tar -xJf "$(DIST_SRC)/cmd/hanout/Hanout.tar.xz" -C "$(BUILD)/dist-tar"
	mkdir -p "$(BUILD)/dist-tar/hanout/extras"
	cp assets/dist/hanout-kiosk.service assets/dist/hanout-kiosk.desktop "$(BUILD)/dist-tar/hanout/extras/"
	printf '%s\n' '' '# Hanout: the kiosk start-up files (see the README, "Kiosk").' \
	  'install: install-kiosk' 'uninstall: uninstall-kiosk' 'user-install: user-install-kiosk' 'user-uninstall: user-uninstall-kiosk' \
	  'install-kiosk:' \
	  '	install -d $$(DESTDIR)$$(PREFIX)/lib/systemd/user $$(DESTDIR)$$(PREFIX)/share/hanout' \
	  '	sed "s,@BIN@,$$(PREFIX)/bin/hanout," extras/hanout-kiosk.service > $$(DESTDIR)$$(PREFIX)/lib/systemd/user/hanout-kiosk.service' \
	  '	sed "s,@BIN@,$$(PREFIX)/bin/hanout," extras/hanout-kiosk.desktop > $$(DESTDIR)$$(PREFIX)/share/hanout/hanout-kiosk.desktop' \
	  'uninstall-kiosk:' \
	  '	-rm $$(DESTDIR)$$(PREFIX)/lib/systemd/user/hanout-kiosk.service $$(DESTDIR)$$(PREFIX)/share/hanout/hanout-kiosk.desktop' \
	  'user-install-kiosk:' \
	  '	install -d $$(DESTDIR)$$(HOME)/.config/systemd/user $$(DESTDIR)$$(HOME)/.local/share/hanout' \
	  '	sed "s,@BIN@,$$(HOME)/.local/bin/hanout," extras/hanout-kiosk.service > $$(DESTDIR)$$(HOME)/.config/systemd/user/hanout-kiosk.service' \
	  '	sed "s,@BIN@,$$(HOME)/.local/bin/hanout," extras/hanout-kiosk.desktop > $$(DESTDIR)$$(HOME)/.local/share/hanout/hanout-kiosk.desktop' \
	  'user-uninstall-kiosk:' \
	  '	-rm $$(DESTDIR)$$(HOME)/.config/systemd/user/hanout-kiosk.service $$(DESTDIR)$$(HOME)/.local/share/hanout/hanout-kiosk.desktop' \
	  >> "$(BUILD)/dist-tar/hanout/Makefile"
	tar -C "$(BUILD)/dist-tar" -cJf "$(DIST)/hanout-$(VERSION)-linux-amd64.tar.xz" hanout
	@echo "== Linux amd64: .deb"
	$(MAKE) -s -C "$(BUILD)/dist-tar/hanout" install DESTDIR="$(BUILD)/dist-deb" PREFIX=/usr
	mkdir -p "$(BUILD)/dist-deb/DEBIAN"
	printf '%s\n' 'Package: hanout' 'Version: $(VERSION)' 'Architecture: amd64' 'Section: misc' 'Priority: optional' \
	  'Maintainer: Hanout <hanout@localhost>' \
	  'Depends: libc6, libgl1, libx11-6, libxext6, libxrandr2, libxcursor1, libxinerama1, libxi6, libxxf86vm1' \
	  'Description: offline-first till for artisans'"'"' shops and cooperatives' \
	  ' Sells, prints receipts and syncs with the national platform when online.' > "$(BUILD)/dist-deb/DEBIAN/control"
	dpkg-deb --root-owner-group -Zxz --build "$(BUILD)/dist-deb" "$(DIST)/hanout_$(VERSION)_amd64.deb" >/dev/null
	@echo "== Windows amd64: fyne package (cgo, mingw-w64)"
	cd "$(DIST_SRC)/cmd/hanout" && CC=x86_64-w64-mingw32-gcc GOARCH=amd64 GOFLAGS="$$GOFLAGS $(DIST_STAMP)" "$(FYNE)" package --target windows --release
	cp "$(DIST_SRC)/cmd/hanout/Hanout.exe" "$(DIST)/hanout.exe"
	@echo "== hanout-platform: Linux amd64 and arm64"
	for arch in amd64 arm64; do \
	  (cd "$(DIST_SRC)" && CGO_ENABLED=0 GOOS=linux GOARCH=$$arch $(GO) build -trimpath -ldflags "-s -w" -o "$(DIST)/hanout-platform-linux-$$arch" ./cmd/hanout-platform) || exit 1; \
	done
	cd "$(DIST)" && sha256sum hanout* > SHA256SUMS
	@ls -l "$(DIST)"
