# site-builder: build the shipped archive, run the tests, and the chores around them.
#
#   make site     build _site/ from this repository's archive (creates .venv on first use)
#   make test     install what the tests need, then ruff, mypy, unit tests and browser tests
#
# Installs are remembered by stamp files (.venv/.installed-*, node_modules/.installed), so a
# second `make test` goes straight to the checks. `make help` lists every target.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
.NOTPARALLEL:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip --disable-pip-version-check
PYTEST := $(PY) -m pytest
SITE_BUILDER := $(BIN)/site-builder

# The test tools installed outside Python: Debian's Chromium (driven by Playwright; never
# `playwright install`), a CJK font so Chinese originals render, and Java for the Nu checker.
CHROMIUM := /usr/bin/chromium
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
APT_PACKAGES := chromium fonts-wqy-microhei
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

SCREENSHOT := docs/screenshot-reading.png

VENV_STAMP := $(VENV)/.created
SITE_STAMP := $(VENV)/.installed-site
TEST_STAMP := $(VENV)/.installed-test
NODE_STAMP := node_modules/.installed

.PHONY: help site test lint test-unit test-browser test-deps system-deps serve bench import \
	clean distclean update-golden screenshot lighthouse

help:
	@echo "make site           build _site/ from content/ (installs the package into .venv)"
	@echo "make test           install test tools, then ruff, mypy, unit and browser tests"
	@echo "make lint           ruff and mypy only"
	@echo "make test-unit      the fast suite: pytest -m 'not browser'"
	@echo "make test-browser   the Chromium suite: pytest -m browser"
	@echo "make serve          live preview with site-builder serve"
	@echo "make import         re-import sources/*.txt into content/"
	@echo "make bench          run bench/run.py"
	@echo "make lighthouse     Lighthouse scores and page weights of the index and a reading page"
	@echo "make update-golden  rewrite golden files from current output (review with git diff)"
	@echo "make screenshot     regenerate $(SCREENSHOT) in Chromium"
	@echo "make clean          remove build output and caches; distclean also .venv, node_modules"

# --- installs ----------------------------------------------------------------------------

$(VENV_STAMP):
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || { \
		echo "error: '$(PYTHON) -m venv' failed; on Debian install python3-venv" >&2; exit 1; }
	@touch $@

$(SITE_STAMP): pyproject.toml $(VENV_STAMP)
	$(PIP) install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml $(VENV_STAMP)
	$(PIP) install --quiet -e '.[test]'
	@touch $@ $(SITE_STAMP)

# --ignore-scripts: vnu-jar's postinstall would try to download a JDK; we use the system Java.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# Checked on every run (it is cheap) rather than stamped: the stamp could outlive the packages.
system-deps:
	@if [ ! -x $(CHROMIUM) ] || [ ! -f $(CJK_FONT) ] || ! command -v java >/dev/null; then \
		echo "installing $(APT_PACKAGES) with apt-get"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $(APT_PACKAGES) && \
		if ! command -v java >/dev/null; then \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive \
				apt-get install -y default-jre-headless; \
		fi; \
	fi

test-deps: $(TEST_STAMP) $(NODE_STAMP) system-deps

# --- the site ----------------------------------------------------------------------------

site: $(SITE_STAMP)
	$(SITE_BUILDER) build --out _site

serve: $(SITE_STAMP)
	$(SITE_BUILDER) serve

import: $(SITE_STAMP)
	$(SITE_BUILDER) import sources/*.txt --out content/

# Lighthouse is a benchmark, not a test (its performance score is simulated and noisy): it has
# its own lockfile in bench/tools/ so that `make test` does not install it.
LIGHTHOUSE_STAMP := bench/tools/node_modules/.installed

$(LIGHTHOUSE_STAMP): bench/tools/package.json bench/tools/package-lock.json
	cd bench/tools && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

lighthouse: $(SITE_STAMP) $(LIGHTHOUSE_STAMP) system-deps
	$(PY) bench/lighthouse.py

bench: $(SITE_STAMP)
	@if [ ! -f bench/run.py ]; then echo "error: bench/run.py does not exist yet" >&2; exit 1; fi
	$(PY) bench/run.py

# --- checks ------------------------------------------------------------------------------

# Every step runs even when an earlier one fails, so one report shows all that is wrong
# (and pytest's summary line always appears); the target fails if any step failed.
test: test-deps
	@failed=""; \
	step() { \
		local name=$$1; shift; local start=$$SECONDS; \
		echo "=== make test: $$name: $$*"; \
		if "$$@"; then echo "=== make test: $$name passed in $$((SECONDS - start))s"; \
		else echo "=== make test: $$name FAILED in $$((SECONDS - start))s"; failed="$$failed $$name"; \
		fi; \
	}; \
	step ruff $(BIN)/ruff check site_builder tests; \
	step mypy $(BIN)/mypy --strict site_builder; \
	step unit-tests $(PYTEST) -m "not browser"; \
	step browser-tests $(PYTEST) -m browser; \
	if [ -n "$$failed" ]; then echo "=== make test: FAILED:$$failed" >&2; exit 1; fi; \
	echo "=== make test: all checks passed"

lint: $(TEST_STAMP)
	$(BIN)/ruff check site_builder tests
	$(BIN)/mypy --strict site_builder

test-unit: test-deps
	$(PYTEST) -m "not browser"

test-browser: test-deps
	$(PYTEST) -m browser

update-golden: test-deps
	$(PYTEST) -m "not browser" --update-golden
	@echo "golden files rewritten; review them with: git diff"

screenshot: test-deps
	$(PY) -m tests.support.screenshot $(SCREENSHOT)

# --- cleaning ----------------------------------------------------------------------------

clean:
	rm -rf _site _site.* .cache .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -not -path './.venv/*' -not -path './node_modules/*' \
		-prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules bench/tools/node_modules
