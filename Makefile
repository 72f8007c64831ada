# The two commands of the README: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= small

.PHONY: install system-deps run run-prod test lint format screenshots bench bench-quick clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

system-deps:
	scripts/install-system-deps.sh

## make run: venv, install, migrate SQLite under var/, demo data when empty, serve on http://127.0.0.1:8000
## with the background worker (import jobs, the daily schedule) beside it, stopped with the server
run: install
	mkdir -p var
	$(BIN)/jianfu migrate --noinput
	$(BIN)/jianfu demo-data --scale $(SCALE)
	$(BIN)/jianfu demo-logins
	$(BIN)/jianfu run_huey & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/jianfu runserver $(HOST):$(PORT)

## make run-prod: production mode on PostgreSQL and Redis: migrate, collectstatic, check --deploy, then gunicorn
## and the background worker with its schedule (jianfu run_huey); needs the secrets (scripts/run-prod.sh --help)
run-prod: install
	scripts/run-prod.sh

## make test: everything the tests need (Debian's chromium included), then the whole suite
test: install system-deps
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

format: install
	$(BIN)/ruff check --fix src tests scripts
	$(BIN)/ruff format src tests scripts

## make screenshots: a fresh demo database, a server on port 8765, chromium through the main pages
screenshots: install system-deps
	scripts/screenshots.sh

## make bench: the speed targets of DESIGN.md section 7 (issue 8), one table against same-run baselines
bench: install system-deps
	$(BIN)/python bench/run.py --scale province

## make bench-quick: the same table at city scale (100,000-row import, 12 s of HTTP load per URL), cached data
bench-quick: install system-deps
	$(BIN)/python bench/run.py --scale city

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
