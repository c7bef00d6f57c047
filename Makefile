# plangraph: one entry point for set-up, running and every check.
# `make run` and `make test` work on a fresh machine: they install what they need.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install install-run run test test-order quick check lint typecheck imports pytest browser virtuoso bench clean

# Everything: the product and the test tool chain (pytest, Playwright, schemathesis, ruff, mypy...).
install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || { echo "make: creating a virtual environment in $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "make: installing plangraph with its test tools into $(VENV) (a few minutes the first time)"
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP) $(RUN_STAMP)

# Only what the product needs to run (no test tools); `make install` is a superset.
install-run: $(RUN_STAMP)

$(RUN_STAMP): pyproject.toml
	@test -x $(BIN)/python || { echo "make: creating a virtual environment in $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "make: installing plangraph and the packages it runs on into $(VENV) (no test tools; about a minute the first time)"
	$(BIN)/python -m pip install --quiet -e .
	@touch $(RUN_STAMP)

# Start the product on its embedded default with the seed data loaded.
run: install-run
	@echo "make: serving the seed data on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(BIN)/plangraph serve --host $(HOST) --port $(PORT)

# Debian's chromium for the browser tests (the tests drive it with Playwright's executable_path).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

# Debian's Virtuoso open source: the second SPARQL engine the tests run the sparql: backend on
# (tests/test_virtuoso.py starts its own throw-away server on loopback).
virtuoso:
	@command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends virtuoso-opensource >/dev/null; }

lint: install
	$(BIN)/ruff check src tests $(wildcard benchmarks)
	$(BIN)/ruff format --check src tests $(wildcard benchmarks)

typecheck: install
	$(BIN)/mypy

imports: install
	$(BIN)/lint-imports

# Tests in parallel (pytest-xdist): WORKERS processes, each test module kept on one of them (its
# module-scoped servers start once), handed out in collection order (--no-loadscope-reorder:
# tests/conftest.py puts the longest modules first, so both workers end together).
# `make pytest WORKERS=0` runs them in this process. Python's bytecode is written (in the
# clone's gitignored __pycache__ folders) even where the environment says not to
# (PYTHONDONTWRITEBYTECODE): else every server and CLI process a test starts compiles
# plangraph again, and every worker rewrites every test module's asserts again.
WORKERS ?= auto
PYTEST = env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest

pytest: install browser virtuoso
	$(PYTEST) -n $(WORKERS) --dist loadscope --no-loadscope-reorder --durations=15 --cov=plangraph --cov-report=term:skip-covered

# The tests with each module's tests in another order (tests/_order.py), to find a test that
# needs another test of its module to run first: `make test-order SEED=7` shuffles them (the
# same way for the same seed), `make test-order` runs them backwards. Modules, workers and
# their order stay as `make pytest` has them; no coverage.
SEED ?=
test-order: install browser virtuoso
	PLANGRAPH_TEST_ORDER=$(if $(SEED),shuffle:$(SEED),reverse) \
	  $(PYTEST) -q -n $(WORKERS) --dist loadscope --no-loadscope-reorder -p no:randomly

check: lint typecheck imports

# The fast subset while working: no browser, no real servers (API, SPARQL backend), nothing
# marked slow; stops at the first failure. `make test` runs everything.
quick: install
	$(PYTEST) -q -x -m "not slow and not browser and not server" \
	  --ignore=tests/api --ignore=tests/browser -k "not sparql"

# Every check. The static ones (ruff, mypy --strict, import-linter: ~30 s of one core on a fresh
# clone, most of it mypy without its cache) run beside pytest rather than before it: pytest's two
# workers leave part of the second core idle (servers starting, deadlines waited out). They run at
# a lower priority (nice 10), so that they take what pytest's workers, servers and browser leave
# and do not hold pytest back. Their output is printed after pytest's; either failing fails the run.
test: install browser virtuoso
	@nice -n 10 $(MAKE) --no-print-directory check > $(VENV)/check.log 2>&1 & checks=$$!; \
	$(MAKE) --no-print-directory pytest; tests=$$?; \
	wait $$checks; checked=$$?; \
	echo "make: the static checks (ruff, mypy, import-linter), run beside pytest:"; \
	cat $(VENV)/check.log; \
	test $$checked -eq 0 || echo "make: a static check failed (above)"; \
	test $$tests -eq 0 || echo "make: pytest failed (above)"; \
	test $$checked -eq 0 && test $$tests -eq 0

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage build dist
