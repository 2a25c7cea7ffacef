# Eigen Regie: `make run` to try the portal, `make test` to run every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-dev system-deps system-deps-run translations db demo lint typecheck \
        translate-update e2e clean

PIP := PYTHONWARNINGS=ignore $(PY) -m pip install -q --disable-pip-version-check

$(PY):
	@echo "Setting up $(VENV) (Python packages from PyPI; takes a few minutes the first time)"
	@python3 -m venv $(VENV)
	@$(PIP) --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	@$(PIP) -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	@$(PIP) -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Compile the .po catalogs to .mo (the .mo files are build output, not in git).
translations: install
	@$(FLASK) translate compile >/dev/null 2>&1 || $(FLASK) translate compile

db: install translations
	@$(FLASK) db upgrade 2>&1 | grep -v '^INFO  \[alembic' || true

demo: db
	$(FLASK) demo

## Set everything up and serve the portal on http://$(HOST):$(PORT) with demo accounts.
## E-mail links follow HOST and PORT; the demo logins are printed last.
run: system-deps-run db
	@$(PY) bin/demo-server --host $(HOST) --port $(PORT)

## Debian packages (bin/system-deps): everything the tests use; --run: what the app uses.
system-deps:
	@bin/system-deps

system-deps-run:
	@bin/system-deps --run

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

## Performance (docs/performance.md): dataset, gunicorn with 2 workers, wrk per key page.
.PHONY: bench bench-large bench-deps load soak
BENCH_ARGS ?=

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(PIP) -e '.[bench]'
	touch $@

bench-deps:
	@bin/bench-deps

## 1,000 employees on SQLite (the generated database is cached under bench/.data/).
bench: $(VENV)/.installed-bench translations bench-deps
	$(PY) -m bench.run $(BENCH_ARGS)

## PostgreSQL: the default dataset, then 10,000 employees (~7 million logbook rows), compared.
bench-large: $(VENV)/.installed-bench translations
	bin/bench-deps --postgres
	source bench/pg.sh && bench_pg_start && trap bench_pg_stop EXIT && \
	  $(PY) -m bench.run --database-url "$$BENCH_PG_URL" $(BENCH_ARGS) && \
	  $(PY) -m bench.run --large --database-url "$$BENCH_PG_URL_LARGE" \
	    --compare bench/results/postgresql-1000e.json $(BENCH_ARGS)

## 50 simulated users for 5 minutes on scripted flows; fails on any 5xx or "database is locked".
load: $(VENV)/.installed-bench translations bench-deps
	$(PY) -m bench.load --users 50 --duration 300 $(BENCH_ARGS)

## 30-minute soak: worker memory growth must stay under 10% (not run by CI).
soak: $(VENV)/.installed-bench translations bench-deps
	$(PY) -m bench.load --users 20 --duration 1800 --soak $(BENCH_ARGS)

## Production topology without containers: PostgreSQL, Redis, SMTP, two gunicorns behind a
## local proxy, production settings; drives login, logbook, message, reminders (tests/smoke).
.PHONY: prod-smoke
prod-smoke: install-dev system-deps
	source bin/pg-tmp && pg_start && trap pg_stop EXIT && $(PY) -m tests.smoke.prod_smoke
