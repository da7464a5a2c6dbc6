# khamrap: `make run` serves the web system with demo data; `make test` runs every test.
# Both are safe to run again: they install only what is missing.

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP_BASE := $(VENV)/.installed-base
STAMP_TEST := $(VENV)/.installed-test
ADDR ?= 127.0.0.1:8000

.PHONY: run test test-postgres lint format messages install install-test clean help

help:
	@echo "make run    - install, prepare the SQLite database with demo data, serve on http://$(ADDR)"
	@echo "make test   - install the test tools and run the whole test suite"
	@echo "make lint   - ruff lint and format check, and the floors of docs/architecture.md (import-linter)"
	@echo "make messages - extract translatable strings into khamrap/locale/th (needs GNU gettext)"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "khamrap needs Python 3.11 ($(PYTHON) not found); set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP_BASE): $(BIN)/python requirements/base.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(STAMP_TEST): $(STAMP_BASE) requirements/test.txt
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $@

install: $(STAMP_BASE)

install-test: $(STAMP_TEST)
	@bash scripts/system-packages.sh

run: install
	DEBUG=$${DEBUG:-1} $(BIN)/khamrap serve $(ADDR)

test: install-test
	DEBUG=1 $(BIN)/khamrap compile_translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l th --no-obsolete --add-location=file --ignore=$(VENV) --ignore=var

clean:
	rm -rf $(VENV) var
