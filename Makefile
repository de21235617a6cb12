# Postdesk: `make run` and `make test` set up everything they need on a fresh
# Debian/Ubuntu machine (system packages with apt-get, npm packages from
# ui/package-lock.json, tauri-driver from crates.io) and nothing else.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Building (WebKitGTK, GTK, libgit2's TLS and SSH, D-Bus for the keyring) and
# running headless (Xvfb, WebKitWebDriver for the end-to-end tests, a D-Bus
# session bus for the single-instance test, ImageMagick for screenshots); the
# publish tests' own git servers on 127.0.0.1 (git daemon, git http-backend
# behind lighttpd, sshd); the real generators the checks are tested against
# (hugo, jekyll and its jekyll-commonmark plugin; jq for their recorders); the package check (xwininfo, desktop-file-validate).
APT_PACKAGES := build-essential pkg-config file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev \
	libdbus-1-dev libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver \
	dbus-daemon imagemagick git openssh-client openssh-server lighttpd hugo jekyll ruby-jekyll-commonmark jq \
	x11-utils desktop-file-utils
TAURI_DRIVER_VERSION := 2.1.0
CARGO_BIN := $(HOME)/.cargo/bin
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"
UI_SOURCES := $(shell find ui/src ui/index.html ui/vite.config.ts ui/tsconfig.json -type f 2>/dev/null)

FUZZ_SECONDS ?= 300

.PHONY: help run test build bench package lint fuzz setup system-deps ui-deps tauri-driver ui \
	test-rust test-ui test-e2e test-generators generators fidelity clean package-check

help:
	@echo "make run      set up, build and open Postdesk on the sample blog"
	@echo "make test     set up and run every test (Rust, UI, end-to-end under Xvfb)"
	@echo "make build    release binaries at target/release/postdesk (command line) and postdesk-app (window)"
	@echo "make bench    benchmarks"
	@echo "make package  a .deb (postdesk-app and postdesk) from the Tauri bundler"
	@echo "make lint     cargo fmt --check, clippy -D warnings, svelte-check"
	@echo "make fuzz     fuzz every step a post goes through for FUZZ_SECONDS (default 300)"
	@echo "make generators  record what hugo and jekyll make of the fixture blogs"
	@echo "make fidelity    record how remark, astro, hugo and jekyll render the fidelity documents"

setup: system-deps ui-deps

# Installs missing system packages: with apt-get as root, with sudo otherwise,
# or prints the exact command and stops.
system-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  policy='printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d'; \
	  if [ "$$(id -u)" = 0 ]; then \
	    own=""; [ -e /usr/sbin/policy-rc.d ] || { sh -c "$$policy"; own=1; }; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	    [ -z "$$own" ] || rm -f /usr/sbin/policy-rc.d; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	    own=""; [ -e /usr/sbin/policy-rc.d ] || { sudo sh -c "$$policy"; own=1; }; \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	    [ -z "$$own" ] || sudo rm -f /usr/sbin/policy-rc.d; \
	  else \
	    echo "Postdesk needs these system packages. Install them, then run make again:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

ui/node_modules/.package-lock.json: ui/package-lock.json ui/package.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

ui-deps: ui/node_modules/.package-lock.json

ui/dist/index.html: ui/node_modules/.package-lock.json $(UI_SOURCES)
	cd ui && npm run --silent build

ui: ui/dist/index.html

tauri-driver:
	@command -v tauri-driver >/dev/null || [ -x "$(CARGO_BIN)/tauri-driver" ] || \
	  cargo install tauri-driver --locked --version $(TAURI_DRIVER_VERSION)

target/debug/postdesk: setup ui FORCE
	cargo build --bin postdesk --bin postdesk-app

run: target/debug/postdesk
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "No display: starting Postdesk under Xvfb (take a screenshot with: import -display :N -window root shot.png)"; \
	  $(XVFB) target/debug/postdesk; \
	else \
	  target/debug/postdesk; \
	fi

test: setup ui tauri-driver lint test-generators test-rust test-ui test-e2e package-check
	@echo "All tests passed."

# The fixture blogs built by the real generators (Debian's hugo and jekyll):
# what each does with each post, recorded in the fixture's generator.json,
# which the core's tests hold `postdesk check` and the list to. Here the
# generators run again: a recorded file that no longer matches fails.
GENERATOR_FIXTURES := hugo:hugo hugo-frontmatter:hugo jekyll:jekyll hugo-routes:hugo jekyll-routes:jekyll
test-generators: setup tests/fidelity/node_modules/.package-lock.json
	@mkdir -p target; for f in $(GENERATOR_FIXTURES); do \
	  dir=src-tauri/core/tests/fixtures/$${f%%:*}; \
	  tests/generators/record.sh $$dir $${f##*:} > target/generator.json; \
	  diff -u $$dir/generator.json target/generator.json \
	    || { echo "$$dir: the generator no longer does what generator.json says; see the diff above, then run make generators"; exit 1; }; \
	done; echo "The recorded generator references hold ($(GENERATOR_FIXTURES))."
	@tests/generators/record-languages.sh src-tauri/core/tests/fixtures/hugo-languages > target/generator.json; \
	  diff -u src-tauri/core/tests/fixtures/hugo-languages/generator.json target/generator.json \
	    || { echo "hugo-languages: Hugo no longer groups the translations as generator.json says; see the diff above, then run make generators"; exit 1; }
	@for kind in hugo jekyll; do \
	  tests/generators/render.sh $$kind > target/render.json; \
	  diff -q tests/generators/$$kind.json target/render.json >/dev/null \
	    || { diff -u tests/generators/$$kind.json target/render.json | head -40; \
	         echo "tests/generators/$$kind.json: $$kind no longer renders the documents as recorded; run make fidelity"; exit 1; }; \
	done
	@tests/generators/render-variants.sh > target/render.json; \
	  diff -q tests/generators/variants.json target/render.json >/dev/null \
	    || { diff -u tests/generators/variants.json target/render.json | head -40; \
	         echo "tests/generators/variants.json: hugo or jekyll no longer renders a config's post as recorded; run make fidelity"; exit 1; }
	@cd tests/fidelity && node record-astro.mjs ../../target/render.json >/dev/null 2>&1
	@diff -q tests/generators/astro.json target/render.json >/dev/null \
	  || { diff -u tests/generators/astro.json target/render.json | head -40; \
	       echo "tests/generators/astro.json: @astrojs/markdown-remark no longer renders the documents as recorded; run make fidelity"; exit 1; }
	@echo "The recorded hugo, jekyll and astro renderings (and hugo's and jekyll's under each config of tests/generators/variants) hold."

# Records how remark, Astro, Hugo and Jekyll render the fidelity documents again
# (after changing tests/fidelity/corpus or tests/generators/corpus).
fidelity: setup tests/fidelity/node_modules/.package-lock.json
	cd tests/fidelity && npm run --silent record
	tests/generators/render.sh hugo > tests/generators/hugo.json
	tests/generators/render.sh jekyll > tests/generators/jekyll.json
	tests/generators/render-variants.sh > tests/generators/variants.json
	cargo test -p postdesk-core --test core fidelity -- --nocapture

# Records the references again (after adding or changing a fixture post).
generators: setup
	@for f in $(GENERATOR_FIXTURES); do \
	  dir=src-tauri/core/tests/fixtures/$${f%%:*}; \
	  tests/generators/record.sh $$dir $${f##*:} > $$dir/generator.json; echo "recorded $$dir/generator.json"; \
	done
	@tests/generators/record-languages.sh src-tauri/core/tests/fixtures/hugo-languages \
	  > src-tauri/core/tests/fixtures/hugo-languages/generator.json; echo "recorded hugo-languages/generator.json"

test-rust: setup ui
	POSTDESK_KILLS=1000 cargo test --workspace --exclude postdesk-e2e

test-ui: ui-deps
	cd ui && npm run --silent test

# Each session starts its own Xvfb (tests/e2e/harness.rs). The run is bounded
# so that a hang the harness does not catch still fails well inside CI's limit.
test-e2e: target/debug/postdesk tauri-driver
	@timeout --kill-after=30 1800 env PATH="$(CARGO_BIN):$$PATH" cargo test -p postdesk-e2e -- --test-threads=1 \
	  || { rc=$$?; [ $$rc -eq 124 ] && echo "The end-to-end tests ran over 30 min and were stopped."; exit $$rc; }

lint: setup ui
	@# Invariant: the core never depends on tauri (or tokio).
	@if cargo tree -p postdesk-core -e normal --prefix none | grep -E '^(tauri|tokio) '; then \
	  echo "postdesk-core must not depend on tauri or tokio"; exit 1; fi
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cd ui && npm run --silent check

build: setup ui
	cargo build --release --bin postdesk --bin postdesk-app
	@ls -l target/release/postdesk target/release/postdesk-app

tests/fidelity/node_modules/.package-lock.json: tests/fidelity/package-lock.json tests/fidelity/package.json
	cd tests/fidelity && npm ci --no-audit --no-fund
	@touch $@

bench: setup ui tests/fidelity/node_modules/.package-lock.json
	@$(MAKE) --no-print-directory system-deps APT_PACKAGES="libvips-tools imagemagick"
	cargo build --release --bin postdesk --bin postdesk-app
	cargo bench -p postdesk-core --bench core
	cargo bench -p postdesk-core --bench preview_vs_node
	cargo bench -p postdesk-app --bench index_vs_cat
	cargo bench -p postdesk-core --bench cover_vs_vips
	cargo bench -p postdesk-core --bench publish_vs_git
	cargo bench -p postdesk-core --bench search_vs_grep
	src-tauri/benches/footprint.sh
	xvfb-run -a -s "-screen 0 1280x800x24" python3 src-tauri/benches/webkit_floor.py
	@$(MAKE) --no-print-directory tauri-driver
	env PATH="$(CARGO_BIN):$$PATH" POSTDESK_E2E_APP="$(CURDIR)/target/release/postdesk-app" \
	  cargo test -p postdesk-e2e -- --test-threads=1 --nocapture keystroke_to_painted external_edit_to_updated a_blog_of_10000_posts

# The .deb: postdesk-app (the window, with its desktop entry and icons) and
# postdesk (the command line) in /usr/bin. No AppImage: its tools are
# downloaded by the bundler, and nothing but the package registries is
# reachable here (see the README).
# (The command line goes in as a file of the package; the bundler wants its
# path absolute.)
deb_files = {"bundle":{"linux":{"deb":{"files":{"/usr/bin/postdesk":"$(CURDIR)/target/$(1)/postdesk"}}}}}
package: setup ui
	cargo build --release --bin postdesk
	ui/node_modules/.bin/tauri build --bundles deb --config '$(call deb_files,release)'
	@ls -l target/release/bundle/deb/*.deb

# What CI does with the package: built from the debug build the tests used
# (the same features, so nothing is compiled again), installed with apt-get,
# then the installed binaries run: --version, check on the sample blog, and
# the window under Xvfb (a screenshot in target/e2e-artifacts/installed.png).
# The package is removed again afterwards.
package-check: setup ui target/debug/postdesk
	rm -rf target/debug/bundle/deb
	ui/node_modules/.bin/tauri build --debug --bundles deb --config '$(call deb_files,debug)'
	tests/package/check.sh target/debug/bundle/deb/*.deb

# Coverage-guided fuzzing of every step a post goes through — split, parse,
# summary, checks for each kind, inference, the form, the preview, edits
# (not part of `make test`; the same steps run as a property test there).
# cargo-fuzz drives libFuzzer; RUSTC_BOOTSTRAP lets the stable toolchain take
# its flags, since no nightly toolchain can be installed here.
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@# New inputs go to fuzz/corpus (ignored); fuzz/seeds holds the committed
	@# seeds and every input that once found a bug.
	mkdir -p src-tauri/core/fuzz/corpus/front_matter
	cd src-tauri/core && RUSTC_BOOTSTRAP=1 cargo fuzz run front_matter --sanitizer none \
	  fuzz/corpus/front_matter fuzz/seeds -- -max_total_time=$(FUZZ_SECONDS)

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules

FORCE:
