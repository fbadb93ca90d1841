# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export SECRET_KEY ?= django-insecure-local-only-key-for-make-targets

.PHONY: install run test lint format clean bench loadtest

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_catalogue
	DEBUG=1 $(BIN)/python manage.py load_demo --if-empty
	DEBUG=1 $(BIN)/python manage.py demo_logins
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check
	./scripts/ensure-test-programs
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,bench]"
	touch $@

bench: install $(VENV)/.bench-installed
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

$(VENV)/.load-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,load]"
	touch $@

loadtest: install $(VENV)/.load-installed
	./loadtest/run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis staticfiles
