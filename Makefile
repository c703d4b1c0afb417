# Two commands do everything on a fresh machine with Python 3.11:
#   make repro   create .venv, install the pinned dependencies and ganexp, run `dvc repro`
#   make test    the same environment, then ruff and pytest (under 10 minutes on 2 cores)
#   make test-fast  pytest without the tests marked slow (no DVC, no stage scripts): under 2 minutes
# The environment is rebuilt only when requirements.lock or pyproject.toml change.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

# Stage commands in dvc.yaml call `python`: make it the virtualenv's.
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: install repro test test-fast lint bench readme clean-venv

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=/path/to/python3.11'" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	@touch $@

repro: $(STAMP)
	$(BIN)/dvc repro

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

test-fast: $(STAMP)
	$(BIN)/pytest -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	@for b in benchmarks/[!_]*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# the README's answers and docs/results.md, from metrics/
readme: $(STAMP)
	$(BIN)/python -m ganexp.report

clean-venv:
	rm -rf $(VENV)
