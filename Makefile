# The artisan guide — every target sets up what it needs on a fresh Debian machine (as root),
# then does its job; once set up, re-running is quick (stamps skip finished installs).
#   make serve   build everything and serve it on http://127.0.0.1:8000/ (live reload)
#   make build   a deployable site/ (any static host)
#   make release the same, refusing rules last verified more than 12 months ago and a placeholder
#                address (set SITE_URL=https://…/); prints the address the QR codes carry
#   make test    also installs what the tests need (Chromium, fonts, poppler, zbar) and runs every test
#   make check-sources  is every quoted passage still on its page? (needs internet; writes
#                build/source-watch.json, whose date `make release` checks)
#   make bench   measures build time, page weight, checker speed, and a phone through one shaped link; prints and saves bench/results.json
#   make lock    re-resolves requirements.lock (every Python package, pinned with hashes)
#   make codes   numbers new answer options and registers new answer codes (docs-dev/codes.md)

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: every date a build writes (sitemap, the day the checklists are checked on) is
# the last commit's, so two clones of a commit build the same bytes.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export PATH := $(CURDIR)/$(BIN):$(PATH)

# Debian packages: brotli (precompressed twins) and Arabic fonts for the PDFs (build), plus the browser,
# PDF/QR readers and the production web server with its brotli module (tests).
APT_BUILD := brotli fonts-noto-core fonts-hosny-amiri fonts-kacst libpango-1.0-0 libpangoft2-1.0-0
APT_TEST := chromium chromium-driver poppler-utils zbar-tools espeak-ng opus-tools nginx \
            libnginx-mod-http-brotli-static faketime

.PHONY: serve build release test bench clean deps-build deps-test lock codes check-sources

deps-build: $(VENV)/.installed node_modules/.installed .apt-build
deps-test: deps-build .apt-test build/pyodide-wheels/.verified

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every Python package of the build and the tests, pinned with its hashes in requirements.lock
# (from pyproject.toml's extras; `make lock` refreshes it). The project itself is used in place
# (a .pth line): nothing is built or downloaded unpinned.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "artisan-guide.pth").write_text("$(CURDIR)\n")'
	touch $@

# Re-resolve requirements.lock after a change of pyproject.toml's extras (pip-tools in its own venv).
lock:
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install -q pip-tools==7.6.2
	build/lock-venv/bin/pip-compile --extra site --extra test --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links --quiet --output-file=requirements.lock pyproject.toml

# pytest and its dependencies as wheels for the checker's tests inside Pyodide: requirements.lock's
# files (pip --require-hashes), checked again by the test before each run.
build/pyodide-wheels/.verified: requirements.lock tests/support/pyodide_wheels.py $(VENV)/.installed
	$(BIN)/python -m tests.support.pyodide_wheels
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# apt only when something is missing: dpkg -s is instant, apt-get update is not.
.apt-build .apt-test: .apt-%:
	@pkgs="$(if $(filter build,$*),$(APT_BUILD),$(APT_TEST))"; \
	if ! dpkg -s $$pkgs >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$pkgs; \
	fi
.PHONY: .apt-build .apt-test

build: deps-build
	$(BIN)/mkdocs build --strict

release: deps-build
	RELEASE=1 $(BIN)/mkdocs build --strict

# The source watch: fetch every cited page, look for its quoted passage, report found / changed /
# unreachable (exit 1 when a passage is gone). Run it where the internet is reachable.
check-sources: deps-build
	$(BIN)/python -m sitebuild.source_watch

serve: deps-build
	$(BIN)/mkdocs build --strict
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# The site is built (strictly) once per run by the tests themselves, in the background while the
# checker's tests run (tests/support/builds.py), with the two other builds the tests compare it to.
test: deps-test
	$(BIN)/python -m pytest

# New answer options get their permanent number; new codes join the registry (docs-dev/codes.md).
codes: deps-build
	$(BIN)/python -m sitebuild.codes

bench: deps-test
	$(BIN)/python -m scripts.bench

clean:
	rm -rf site build test-artifacts
