# Vertebra: `make run` (API, admin, worker and beat) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

# A .env file (see .env.example), if present, configures every command below.
-include .env
export

.PHONY: run test lint format migrate seed bench check-services clean help

help:
	@echo "make run    - install, migrate, seed demo data, start web + worker + beat (Ctrl-C stops)"
	@echo "make test   - install and run the whole test suite on PostgreSQL and Redis"
	@echo "make lint   - ruff check and format check"
	@echo "make bench  - print benchmark figures (needs PostgreSQL and Redis)"

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# With no DATABASE_URL / broker configured this runs on SQLite and kombu's filesystem broker,
# so it needs no service at all. Set DATABASE_URL, REDIS_URL, CELERY_BROKER_URL for the real ones.
run: $(STAMP)
	mkdir -p var
	export DEBUG=$${DEBUG:-1}; \
	$(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py seed_demo && \
	PORT=$(PORT) exec $(BIN)/honcho start -f Procfile

check-services: $(STAMP)
	$(BIN)/python -m clinic.check_services

# pytest's exit 5 (no test collected) fails like any other non-zero exit.
test: check-services
	@$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure" >&2; fi; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks fill their own PostgreSQL database: BENCH_DATABASE_URL, default .../vertebra_bench.
bench: check-services
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf var $(VENV)
