# Two commands do everything on a fresh machine with Python 3.11, 3.12 or 3.13:
#   make repro   create .venv, install the pinned dependencies and ganexp, run `dvc repro`
#   make test    the same environment, then ruff and pytest (about 9 minutes on 2 cores)
#   make test-fast  pytest without the tests marked slow (no DVC, no stage scripts): under 2 minutes
#   make check-lock does requirements.lock install on Python 3.11, 3.12 and 3.13? (pip dry runs)
# The environment is rebuilt only when requirements.lock or pyproject.toml change.
# The interpreter: python3.11 where it is on PATH (the version the test suite runs on), else
# python3.12, else python3.13; `make PYTHON=/path/to/python3.x` picks another.
# (one that runs: a pyenv shim of a version not activated is on PATH but fails)
PYTHON ?= $(firstword $(foreach v,3.11 3.12 3.13,$(if $(shell python$(v) -c pass 2>/dev/null && echo y),python$(v))) python3.11)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

# Stage commands in dvc.yaml call `python`: make it the virtualenv's.
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: install repro test test-fast lint bench readme sdmetrics peers long-run check-lock clean-venv

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: no python3.11, python3.12 or python3.13 on PATH; install one or run 'make PYTHON=/path/to/python3.x'" >&2; exit 1; }
	@echo "make: using $(PYTHON) ($$($(PYTHON) --version 2>&1))"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	@touch $@

repro: $(STAMP)
	$(BIN)/dvc repro

# Test modules side by side, one worker per core (up to 4): a module's tests stay together on
# one worker (--dist loadfile: an end-to-end module shares one trained copy of the repository),
# in collection order, which tests/conftest.py puts longest first. `pytest` alone runs serially.
PYTEST := $(BIN)/pytest -n auto --maxprocesses 4 --dist loadfile --no-loadscope-reorder

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PYTEST)

test-fast: $(STAMP)
	$(PYTEST) -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(STAMP)
	@for b in benchmarks/[!_]*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# the README's answers and docs/results.md, from metrics/
readme: $(STAMP)
	$(BIN)/python -m ganexp.report

# SDMetrics' own figures beside the project's (benchmarks/sdmetrics_agreement.py), an optional
# extra. sdmetrics 0.32.0 declares pandas<3 where the project pins 3.1.1; it runs on 3.1.1 (its
# figures equal the project's on the fixed table), so it goes in without its declared pins.
SDMETRICS := sdmetrics==0.32.0 copulas==0.14.1 plotly==7.1.0 narwhals==2.29.0
sdmetrics: $(STAMP)
	$(PIP) install --no-deps $(SDMETRICS)
	$(BIN)/python benchmarks/sdmetrics_agreement.py

# The synthesizer's peers (stage train_peer in extras/dvc.yaml, which `dvc repro` leaves alone: it
# reproduces dvc.yaml's stages): SDV's CTGAN, TVAE and Gaussian
# copula over PyTorch's CPU build, an optional extra. SDV 2.0.0 and RDT 2.0.0 declare pandas<3;
# they run on the project's 3.1.1, so they go in without their declared pins, as SDMetrics does.
# torch==2.13.0: on these machines a CPU build on disk; where pip would fetch a CUDA build,
# `pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu` first.
PEERS := torch==2.13.0 sdv==2.0.0 rdt==2.0.0 ctgan==0.12.1 copulas==0.14.1 deepecho==0.8.1 \
	sdmetrics==0.32.0 plotly==7.1.0 Faker==40.63.0 sympy==1.14.0 mpmath==1.3.0 Jinja2==3.1.6 \
	MarkupSafe==3.0.4 graphviz==0.21 boto3==1.44.8 botocore==1.44.8 \
	jmespath==1.1.0 s3transfer==0.19.3
# arfpy 0.1.1 (adversarial random forests) needs NumPy < 2 and pandas < 3: it runs in its own
# environment, .venv-arf (ganexp.pipeline.paths.ARF_PYTHON), pinned here; NumPy 1.26 has no
# wheel for Python 3.13, so there it needs 3.11 or 3.12.
ARF_VENV := .venv-arf
ARF_PINS := arfpy==0.1.1 numpy==1.26.4 pandas==2.2.3 scikit-learn==1.5.2 scipy==1.13.1 \
	pyarrow==18.1.0 joblib==1.6.0 cloudpickle==3.1.2 threadpoolctl==3.8.0 python-dateutil==2.9.0.post0 \
	pytz==2025.2 tzdata==2025.2 six==1.17.0
$(ARF_VENV)/.installed:
	$(PYTHON) -m venv $(ARF_VENV)
	$(ARF_VENV)/bin/python -m pip --disable-pip-version-check --quiet install --no-deps $(ARF_PINS)
	$(ARF_VENV)/bin/python -m pip --disable-pip-version-check check
	touch $@
# One peer: make peers PEER_STAGES=extras/dvc.yaml:train_peer@adult-copula
PEER_STAGES ?= extras/dvc.yaml:train_peer
peers: $(STAMP) $(ARF_VENV)/.installed
	$(PIP) install --no-deps $(PEERS)
	$(BIN)/dvc repro $(PEER_STAGES)

# The clipped WGAN on ring5 for the original's own budget (params long_run; stage train_long_run
# in extras/dvc.yaml): about 20 minutes on 2 cores alone, so `dvc repro` leaves it alone.
long-run: $(STAMP)
	$(BIN)/dvc repro extras/dvc.yaml:train_long_run

# Does requirements.lock install on Python 3.11, 3.12 and 3.13? pip resolves it for each
# version (on this platform) as a dry run, from wheels only; the two pins PyPI has only as
# pure-Python sources (LOCK_SDISTS) are built into wheels first, as any install would.
LOCK_SDISTS := antlr4-python3-runtime liac-arff
LOCK_CHECK := $(or $(TMPDIR),/tmp)/ganexp-lock-check
check-lock:
	@rm -rf $(LOCK_CHECK) && mkdir -p $(LOCK_CHECK)
	@$(PYTHON) -m pip --disable-pip-version-check --quiet wheel --no-deps -w $(LOCK_CHECK)/wheels \
		$(foreach p,$(LOCK_SDISTS),$(shell grep -i '^$(p)==' requirements.lock)) 2>/dev/null
	@for v in 3.11 3.12 3.13; do \
		$(PYTHON) -m pip --disable-pip-version-check --quiet install --dry-run --ignore-installed \
			--only-binary=:all: --find-links $(LOCK_CHECK)/wheels --python-version $$v \
			--target $(LOCK_CHECK)/target -r requirements.lock >$(LOCK_CHECK)/pip-$$v.log 2>&1 \
		&& echo "check-lock: requirements.lock resolves for Python $$v" \
		|| { grep -v '^WARNING' $(LOCK_CHECK)/pip-$$v.log >&2; \
		     echo "check-lock: requirements.lock does not resolve for Python $$v" >&2; exit 1; }; \
	done

clean-venv:
	rm -rf $(VENV) $(ARF_VENV)
