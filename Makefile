# storybank — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
PYTEST_ARGS ?=
# The suite runs on every core (at most four), each test file whole in one worker: the last
# test of the axe checks checks what the others in its file covered.
PYTEST_WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -n $(PYTEST_WORKERS) --maxprocesses=4 --dist loadfile
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

# One lock file per supported Python: exact versions with hashes, so a fresh machine installs what
# CI tested whatever is released tomorrow. `make lock` refreshes them after pyproject.toml changes.
PYTHON_VERSION := $(shell python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
LOCK := requirements/lock-py$(PYTHON_VERSION).txt
LOCK_PYTHONS := 3.11 3.12 3.13 3.14
LOCK_COMPILE = $(BIN)/uv pip compile pyproject.toml --extra test --extra dev --generate-hashes \
	--universal --quiet --custom-compile-command 'make lock'

$(STAMP): pyproject.toml $(LOCK)
	@test -f $(LOCK) || { echo "No lock file for Python $(PYTHON_VERSION): use Python $(LOCK_PYTHONS)."; exit 1; }
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

.PHONY: install
install: $(STAMP) ## Create the virtual environment and install storybank with its tools, from the lock

.PHONY: lock
lock: install ## Refresh the lock files from pyproject.toml (keeping current versions where they still fit)
	for python in $(LOCK_PYTHONS); do \
		$(LOCK_COMPILE) --python-version $$python -o requirements/lock-py$$python.txt || exit 1; \
	done
	$(PY) requirements/lockfile.py stamp

.PHONY: upgrade
upgrade: install ## Move every locked package to its newest release that pyproject.toml allows
	for python in $(LOCK_PYTHONS); do \
		$(LOCK_COMPILE) --upgrade --python-version $$python -o requirements/lock-py$$python.txt || exit 1; \
	done
	$(PY) requirements/lockfile.py stamp

.PHONY: lock-check
lock-check: ## Fail when the lock files and pyproject.toml disagree
	python3 requirements/lockfile.py check

.PHONY: run
run: install i18n-compile pdf-deps ## Set up (first time) and serve the app with demo content on http://127.0.0.1:$(PORT)
	STORYBANK_ENV=development $(BIN)/storybank db upgrade
	STORYBANK_ENV=development $(BIN)/storybank seed-demo
	STORYBANK_ENV=development $(BIN)/storybank run --port $(PORT)

# What the browser tests need from Debian: Chromium, and fonts for every script of the interface
# (Hangul, Han, Kana, Devanagari, Thai, Khmer, Arabic script with Nastaliq); and a Java runtime for
# the Nu HTML Checker, unless some java (17 or later) is already on the PATH. npm runs no install
# scripts: vnu-jar's would download a Java runtime from GitHub when it finds none.
BROWSER_PACKAGES := chromium fonts-noto-core fonts-noto-cjk $(if $(shell command -v java),,default-jre-headless)
# nginx, which the deployment tests and `make soak` put in front of gunicorn as deploy/nginx/ does.
SERVER_PACKAGES := nginx-light
# What packet PDFs need from Debian: Pango and HarfBuzz, through which WeasyPrint shapes every
# script (harfbuzz-subset keeps subsetting the large CJK fonts fast), the Noto fonts of every script
# a story may be written in, and poppler's pdftotext, pdffonts and pdfinfo, which the tests read
# the PDFs with.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig \
	fonts-noto-core fonts-noto-cjk poppler-utils
# `make soak` also runs a PostgreSQL server of its own (initdb, pg_ctl).
SOAK_PACKAGES := $(SERVER_PACKAGES) postgresql
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

# $(call apt-install,PACKAGES): install those of Debian's PACKAGES that are missing.
define apt-install
missing=$$(for package in $(1); do \
	dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'ok installed' || echo $$package; \
done); \
if [ -n "$$missing" ]; then \
	echo "== installing $$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	$(SUDO) apt-get install -y -qq $$missing >/dev/null \
		|| { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing >/dev/null; }; \
fi
endef

.PHONY: browser-deps
browser-deps: ## Install Debian's Chromium, fonts and Java (apt), axe-core and the Nu HTML Checker (npm) when missing
	@$(call apt-install,$(BROWSER_PACKAGES))
	@test -f tests/browser/node_modules/axe-core/axe.min.js \
		-a -f tests/browser/node_modules/vnu-jar/build/dist/vnu.jar \
		|| npm ci --prefix tests/browser --ignore-scripts --no-audit --no-fund --loglevel=error

.PHONY: server-deps
server-deps: ## Install Debian's nginx (apt) when missing
	@$(call apt-install,$(SERVER_PACKAGES))

.PHONY: pdf-deps
pdf-deps: ## Install Debian's Pango, fonts and poppler-utils (apt) for packet PDFs when missing
	@$(call apt-install,$(PDF_PACKAGES))

.PHONY: test
test: install i18n-compile browser-deps server-deps pdf-deps ## Run the suite on SQLite, and on PostgreSQL too when STORYBANK_TEST_DATABASE_URL is set
	env -u STORYBANK_TEST_DATABASE_URL $(PYTEST) $(PYTEST_ARGS)
	@if [ -n "$$STORYBANK_TEST_DATABASE_URL" ]; then \
		echo "== the suite again on PostgreSQL"; \
		$(PYTEST) $(PYTEST_ARGS); \
	fi

.PHONY: lint
lint: install ## ruff (lint and format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy storybank bench

.PHONY: hooks
hooks: install ## Run ruff and the file checks of .pre-commit-config.yaml before every commit
	$(BIN)/pre-commit install

.PHONY: format
format: install ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

.PHONY: i18n-extract
i18n-extract: install ## Extract translatable strings into translations/messages.pot
	$(PY) -m storybank.catalogs extract

.PHONY: i18n-update
i18n-update: i18n-extract ## Merge new strings into every catalog (new ones start untranslated)
	$(BIN)/pybabel --quiet update --width=100 -i translations/messages.pot -d translations --ignore-obsolete

.PHONY: i18n-compile
i18n-compile: install ## Build the .mo files (they are never committed)
	$(PY) -m storybank.catalogs compile

.PHONY: i18n-check
i18n-check: install ## Fail on a stale messages.pot, or an untranslated, fuzzy or broken string
	$(PY) -m storybank.catalogs check

.PHONY: bench
bench: install i18n-compile ## Measure the SPEC §8 budgets against hello-world (BENCH_DURATION=10s; installs wrk)
	@command -v wrk >/dev/null || apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }
	$(PY) -m bench.run

.PHONY: fuzz
fuzz: install i18n-compile ## Send generated requests to gunicorn on SQLite and PostgreSQL; fail on any 5xx or traceback (FUZZ_REQUESTS=10000)
	$(PY) -m bench.fuzz

# The soak's settings: SOAK_SCALE (1: 2,000 submissions with 20 worker and 2 master kills per
# database, 1,000 stories from 50 writers, 20 forms sent 5 times at once; 0.1 for a tenth),
# SOAK_SLOW_SECONDS (60), SOAK_DIRECT_SECONDS (the slow clients straight to gunicorn, for
# comparison; 0 skips), SOAK_PG_DOWN_SECONDS (2), SOAK_DATABASES (sqlite,postgresql), SOAK_ONLY
# (crash,writers,double,outage,restore,slow) and SOAK_PROXY_SNIPPET (another file to try in place
# of deploy/nginx/storybank-proxy.conf). Logs in bench/.work/soak/.
.PHONY: soak
soak: install i18n-compile ## Kill workers and masters, restart PostgreSQL, restore a backup, send slow clients: a table of promises kept (about 10 min; fails on a broken one)
	@$(call apt-install,$(SOAK_PACKAGES))
	$(PY) -m bench.soak

.PHONY: soak-ci
soak-ci: install i18n-compile ## Every scenario of the soak with small counts and 10 s of slow clients (about 90 s)
	@$(call apt-install,$(SOAK_PACKAGES))
	SOAK_SCALE=0.03 SOAK_SLOW_SECONDS=10 SOAK_DIRECT_SECONDS=0 $(PY) -m bench.soak

.PHONY: clean
clean: ## Remove the virtual environment, caches and built catalogs
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache translations/*/LC_MESSAGES/*.mo
