# NExTWORK Indsigt: routine tasks. Every recipe creates .venv itself when needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB ?= data/nextwork.duckdb
PORT ?= 8501
AXE := tests/axe/node_modules/axe-core/axe.min.js
N ?= 2
SERVE_DIR ?= serve-out

.PHONY: install install-dev run dev serve profile test test-fast test-browser lint format demo bench fuzz load

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

# The demo export in data/demo/ (with the demo trial results in data/demo/forsoeg/),
# imported into $(DB) when there is no database yet.
$(DB): | $(VENV)/.installed
	$(PY) -m nextwork demo --out data/demo
	$(PY) -m nextwork import data/demo --db $(DB)
	$(PY) -m nextwork trial data/demo/forsoeg/forsoeg.csv --db $(DB)

# Start the dashboard on http://127.0.0.1:$(PORT) (with the demo data on a fresh machine):
# the production settings of .streamlit/config.toml, and every page's default view computed
# once after the start and after each import (nextwork/web/appserver.py).
run: $(VENV)/.installed $(DB)
	NEXTWORK_DB=$(DB) $(PY) -m nextwork.web.appserver --server.address 127.0.0.1 --server.port $(PORT)

# As `run`, for development: the page reloads when a source file is saved (file watcher on,
# garbage collection after each run as in Streamlit's defaults, no warm start).
dev: $(VENV)/.installed $(DB)
	NEXTWORK_DB=$(DB) $(PY) -m streamlit run app.py --server.address 127.0.0.1 \
		--server.port $(PORT) --server.fileWatcherType auto --server.runOnSave true \
		--runner.postScriptGC true

# N app processes on $(DB) behind nginx on http://127.0.0.1:$(PORT), with sticky sessions
# and websockets, until Ctrl-C (needs nginx: apt-get install -y nginx).
serve: $(VENV)/.installed $(DB)
	$(PY) -m nextwork.ops.serve --processes $(N) --port $(PORT) --db $(DB) --workdir $(SERVE_DIR)

# Lint (ruff, sqlfluff), then the whole test suite (the browser test included).
test: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/sqlfluff lint queries
	$(PY) -m pytest -q

# The tests for the edit loop, on two processes (pytest-xdist): everything but the browser
# tests and those marked slow in tests/conftest.py (app servers, nginx, Locust, LibreOffice,
# the fuzzed import). No lint; `make test` runs it all.
test-fast: $(VENV)/.installed-dev
	$(PY) -m pytest -q -n 2 -m "not browser and not slow"

# Only the real-browser test.
test-browser: $(VENV)/.installed-dev
	$(PY) -m pytest -q -m browser

# ruff's lint and format checks, and sqlfluff's on the SQL in queries/ (its rules in .sqlfluff).
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/sqlfluff lint queries

# Apply ruff's formatting and safe fixes.
format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Write a fresh demo export and load it (replacing the five sites' data in $(DB)).
demo: $(VENV)/.installed
	$(PY) -m nextwork demo --out data/demo
	$(PY) -m nextwork import data/demo --db $(DB)
	$(PY) -m nextwork trial data/demo/forsoeg/forsoeg.csv --db $(DB)

# Benchmark on the demo and at national scale (several minutes): import, KPIs, each page
# cold and warm with its CPU time, peak memory; then the load test on 1 and 2 app processes
# (Locust from the dev tools, nginx for the second).
bench: $(VENV)/.installed-dev
	$(PY) -m nextwork bench

# The fuzzed import test at length (CI runs it with 150 examples).
fuzz: $(VENV)/.installed-dev
	NEXTWORK_FUZZ_EXAMPLES=$${NEXTWORK_FUZZ_EXAMPLES:-3000} $(PY) -m pytest -q tests/test_fuzz.py

# Load test on Locust: 20 readers while the demo export is imported every 10 s. Without
# URL it starts one app process on its own demo database; with URL=http://127.0.0.1:8501 it
# tests a running `make run` or `make serve`, importing data/demo into $(DB).
LOAD_USERS ?= 20
LOAD_SECONDS ?= 60
load: $(VENV)/.installed-dev
	$(PY) -m nextwork load --users $(LOAD_USERS) --seconds $(LOAD_SECONDS) \
		$(if $(URL),--url $(URL) --db $(DB))

# A flame graph of one app process under the load test (py-spy): bench-out/profile.svg.
profile: $(VENV)/.installed-dev
	$(PY) -m nextwork load --users $(LOAD_USERS) --seconds $(LOAD_SECONDS) \
		--profile bench-out/profile.svg
