# Eigen Regie: `make run` to try the portal, `make test` to run every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-dev system-deps translations db demo lint typecheck \
        translate-update e2e clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Compile the .po catalogs to .mo (the .mo files are build output, not in git).
translations: install
	$(FLASK) translate compile >/dev/null

db: install translations
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo

## Set everything up and serve the portal on http://$(HOST):$(PORT) with demo accounts.
run: demo
	@echo "Eigen Regie runs on http://$(HOST):$(PORT)  (stop with Ctrl-C)"
	$(FLASK) run --host $(HOST) --port $(PORT)

## Debian packages the tests need: Chromium for the browser tests, PostgreSQL 15 server.
system-deps:
	@bin/system-deps

## Set up and run the whole suite on SQLite and on a throw-away PostgreSQL, browser included.
test: install-dev translations system-deps
	bin/run-tests

## kill -9 the app (gunicorn) and a writer process during writes, 30 rounds, SQLite + PostgreSQL.
.PHONY: crash-test
crash-test: install-dev translations system-deps
	bin/crash-test

lint: install-dev
	$(VENV)/bin/ruff check portal tests migrations/env.py
	$(VENV)/bin/ruff format --check portal tests

typecheck: install-dev
	$(VENV)/bin/mypy

translate-update: install
	$(FLASK) translate update

clean:
	rm -rf $(VENV) instance test-artifacts .pytest_cache
