# NExTWORK Indsigt: routine tasks. Every recipe creates .venv itself when needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB ?= data/nextwork.duckdb
PORT ?= 8501
AXE := tests/axe/node_modules/axe-core/axe.min.js

.PHONY: install install-dev run test test-browser lint format demo bench fuzz load

# The virtualenv with the app's pinned requirements (re-installed when they change).
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# The test and lint tools on top, and axe-core (from npm) for the browser test's
# accessibility checks, into tests/axe/node_modules (not committed).
$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt $(AXE)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(AXE): tests/axe/package.json tests/axe/package-lock.json
	npm ci --prefix tests/axe --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# The demo export in data/demo/, imported into $(DB) when there is no database yet.
$(DB): | $(VENV)/.installed
	$(PY) -m nextwork demo --out data/demo
	$(PY) -m nextwork import data/demo --db $(DB)

# Start the dashboard on http://127.0.0.1:$(PORT) (with the demo data on a fresh machine).
run: $(VENV)/.installed $(DB)
	NEXTWORK_DB=$(DB) $(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

# Lint, then the whole test suite (the browser test included).
test: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -q

# Only the real-browser test.
test-browser: $(VENV)/.installed-dev
	$(PY) -m pytest -q -m browser

# ruff's lint and format checks.
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Apply ruff's formatting and safe fixes.
format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Write a fresh demo export and load it (replacing the five sites' data in $(DB)).
demo: $(VENV)/.installed
	$(PY) -m nextwork demo --out data/demo
	$(PY) -m nextwork import data/demo --db $(DB)

# National-scale benchmark: import time, KPI times, per-page query times, peak memory.
bench: $(VENV)/.installed
	$(PY) -m nextwork bench

# The fuzzed import test at length (CI runs it with 150 examples).
fuzz: $(VENV)/.installed-dev
	NEXTWORK_FUZZ_EXAMPLES=$${NEXTWORK_FUZZ_EXAMPLES:-3000} $(PY) -m pytest -q tests/test_fuzz.py

# Load test: 20 simulated users on every page while the demo export is imported every 5 s.
load: $(VENV)/.installed-dev
	$(PY) -m nextwork load
