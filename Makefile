# Two commands on a fresh clone with only python3 and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export TEAMGRAPH_DATABASE_URL ?= sqlite:///./teamgraph.db

.PHONY: install run test lint typecheck pytest postgres bench schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "Installing teamgraph and its dependencies into $(VENV) (a minute or two the first time)..."
	$(BIN)/python -m pip install -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## run: migrate the database, load the demo organisation when empty, print tokens, serve GraphQL
run: install
	$(BIN)/teamgraph migrate
	$(BIN)/teamgraph seed demo --if-empty
	$(BIN)/teamgraph token demo
	$(BIN)/teamgraph serve

## test: lint (style, format, import layers), type-check, then the whole suite, the browser tests on
## the Chromium .ci/chromium.sh installs included (also on PostgreSQL when TEAMGRAPH_TEST_POSTGRES=1)
test: install lint typecheck pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

pytest: install
	bash .ci/chromium.sh
ifeq ($(TEAMGRAPH_TEST_POSTGRES),1)
	bash .ci/postgres.sh
endif
	$(BIN)/python -m pytest -n 2 --dist loadgroup

bench: install
	$(BIN)/python bench/bench_solver.py --quick
	$(BIN)/python bench/bench_network.py --quick

schema: install
	$(BIN)/teamgraph export-schema

clean:
	rm -rf $(VENV) .venv-lowest .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .hypothesis *.egg-info
