# plangraph: one entry point for set-up, running and every check.
# `make run` and `make test` work on a fresh machine: they install what they need.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run test quick check lint typecheck imports pytest browser bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Start the product on its embedded default with the seed data loaded.
run: install
	$(BIN)/plangraph serve --host $(HOST) --port $(PORT)

# Debian's chromium for the browser tests (the tests drive it with Playwright's executable_path).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

lint: install
	$(BIN)/ruff check src tests $(wildcard benchmarks)
	$(BIN)/ruff format --check src tests $(wildcard benchmarks)

typecheck: install
	$(BIN)/mypy

imports: install
	$(BIN)/lint-imports

pytest: install browser
	$(BIN)/python -m pytest --cov=plangraph --cov-report=term:skip-covered

check: lint typecheck imports

# The fast subset while working: no browser, no real servers (API, SPARQL backend), nothing
# marked slow; stops at the first failure. `make test` runs everything.
quick: install
	$(BIN)/python -m pytest -q -x -m "not slow and not browser and not server" \
	  --ignore=tests/api --ignore=tests/browser -k "not sparql"

test: check pytest

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage build dist
