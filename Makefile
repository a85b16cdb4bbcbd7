# The artisan guide — every target sets up what it needs on a fresh Debian machine (as root),
# then does its job; once set up, re-running is quick (stamps skip finished installs).
#   make serve   build everything and serve it on http://127.0.0.1:8000/ (live reload)
#   make build   a deployable site/ (any static host)
#   make release the same, refusing rules last verified more than 12 months ago and a placeholder
#                address (set SITE_URL=https://…/); prints the address the QR codes carry
#   make test    also installs what the tests need (Chromium, fonts, poppler, zbar) and runs every test
#   make bench   measures build time, page weight, checker speed; prints and saves bench/results.json

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
APT_TEST := chromium chromium-driver poppler-utils zbar-tools nginx libnginx-mod-http-brotli-static

.PHONY: serve build release test bench clean deps-build deps-test

deps-build: $(VENV)/.site-installed node_modules/.installed .apt-build
deps-test: deps-build $(VENV)/.test-installed .apt-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.site-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[site]'
	touch $@

$(VENV)/.test-installed: pyproject.toml $(VENV)/.site-installed
	$(BIN)/pip install -q -e '.[site,test]'
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

serve: deps-build
	$(BIN)/mkdocs build --strict
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

# The site is built (strictly) by the tests' first fixture, so it is built once per run.
test: deps-test
	$(BIN)/python -m pytest

bench: deps-test
	$(BIN)/python -m scripts.bench

clean:
	rm -rf site build test-artifacts
