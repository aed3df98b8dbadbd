# Ticketwise: `make run` and `make test` are all a fresh machine needs (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
UV := $(PYTHON) -m uv
DEBIAN_PACKAGES := chromium fonts-noto-cjk dovecot-imapd
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
PYTEST_WORKERS ?= 2

.PHONY: help install system-deps python-deps frontend-deps run test test-sqlite test-postgresql lint bench clean

help:
	@echo "make run    install everything, migrate, seed the demo on first run, serve on http://127.0.0.1:8000"
	@echo "make test   install everything and run the whole suite on SQLite and PostgreSQL (+ browser journey)"
	@echo "make lint   ruff + import-linter layer contract"
	@echo "make bench  benchmarks (results belong in docs/benchmarks.md)"

install: system-deps python-deps frontend-deps

# Debian packages: Chromium for the browser journeys, CJK fonts so Chinese renders in screenshots,
# Dovecot as the real IMAP server the mail tests append to and fetch from.
system-deps:
	@if dpkg -s $(DEBIAN_PACKAGES) >/dev/null 2>&1; then \
	  echo "Debian packages present: $(DEBIAN_PACKAGES)"; \
	else \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(DEBIAN_PACKAGES); \
	fi

# uv installs exactly what uv.lock pins into .venv (the CLI is .venv/bin/ticketwise).
python-deps: $(VENV)/.synced
$(VENV)/.synced: pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen
	@touch $@

# Front-end libraries from npm into node_modules/ (git-ignored), served under /static/vendor.
frontend-deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

run: install
	$(BIN)/ticketwise init --demo-if-empty
	$(BIN)/ticketwise serve --host 127.0.0.1 --port 8000

lint: python-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

test: install lint test-sqlite test-postgresql

test-sqlite:
	TICKETWISE_TEST_DB=sqlite $(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider -q

# PostgreSQL is mandatory in CI (CI=true); elsewhere the run is skipped when no server answers.
test-postgresql:
	@if pg_isready -q -h 127.0.0.1 -p 5432; then \
	  TICKETWISE_TEST_DB=postgresql TICKETWISE_TEST_PG_URL=$(PG_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider -q -m "not e2e"; \
	elif [ "$$CI" = "true" ]; then \
	  echo "PostgreSQL is required in CI but does not answer on 127.0.0.1:5432"; exit 1; \
	else \
	  echo "PostgreSQL not reachable: skipping the PostgreSQL run (it is mandatory with CI=true)"; \
	fi

BENCH_SIZES ?= 100000 1000000
bench: install
	$(BIN)/python bench/api_create.py
	@for backend in sqlite postgresql; do for size in $(BENCH_SIZES); do \
	  $(BIN)/python bench/queue_view.py --backend $$backend --size $$size || exit 1; \
	done; done

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
