# Werkbrug — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
CHROMIUM ?= /usr/bin/chromium
# Two workers: the machines this runs on have two cores.
# (The demo serves with ONE worker and four threads: its rate-limit counters are in memory,
# shared by threads but not by processes. More workers need RATELIMIT_STORAGE_URI=redis://.)
PYTEST_ARGS ?= -n 2

.PHONY: demo serve test lint format bench wrk install translations browser axe vendor clean help

help:
	@echo "make demo   - install, migrate the SQLite database, load demo data, serve on http://127.0.0.1:5000"
	@echo "make test   - install what the tests need and run the whole suite"
	@echo "make lint   - ruff check and format check"
	@echo "make bench  - run the benchmarks (prints ratios against baselines measured in the same run)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

translations: install
	WERKBRUG_ENV=development $(FLASK) translations compile

# axe-core (the accessibility rules engine) and the NL Design System CSS come from the npm
# registry, pinned in package-lock.json.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

axe: node_modules/axe-core/axe.min.js

# NL Design System components (@utrecht/component-library-css, EUPL-1.2, pinned in
# package-lock.json) built into portal/static/vendor/: only the components the templates use.
# The result is committed so that `pip install .` works without npm; this rebuilds it (a
# test fails when the committed copy differs from the pinned package).
vendor: node_modules/axe-core/axe.min.js install
	$(BIN)/python scripts/build_vendor.py

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium'" >&2; exit 1; fi; }

instance/secret_key:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(48))" > $@
	chmod 600 $@

demo: translations vendor instance/secret_key
	WERKBRUG_ENV=demo $(FLASK) db upgrade
	WERKBRUG_ENV=demo LOG_LEVEL=WARNING $(FLASK) demo load > /dev/null
	@WERKBRUG_ENV=demo $(FLASK) demo accounts
	@echo "Werkbrug draait op http://127.0.0.1:5000 (stoppen met Ctrl+C)"
	WERKBRUG_ENV=demo TWO_FACTOR_REQUIRED=false $(BIN)/gunicorn --bind 127.0.0.1:5000 --workers 1 --threads 4 wsgi:app

test: translations axe vendor browser
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Debian's wrk drives the portal load benchmark (without it a slower Python client is used).
wrk:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing ('sudo apt-get install wrk'): using the Python load generator" >&2; fi; }

# BENCH_QUICK=1 make bench: a small version of every benchmark (minutes -> under one).
bench: install wrk
	$(BIN)/python benchmarks/bench_taxonomy.py
	$(BIN)/python benchmarks/bench_matching.py $(if $(BENCH_QUICK),--profiles 20000 --vacancies 20 --portal-profiles 2000)
	$(BIN)/python benchmarks/bench_portal_suggestions.py $(if $(BENCH_QUICK),--profiles 2000 --requests 10)
	$(BIN)/python benchmarks/bench_matching_cli.py
	$(BIN)/python benchmarks/bench_portal_load.py
	$(BIN)/python benchmarks/bench_evaluation.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache
