# Two commands a newcomer needs: `make serve` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test check lint bench clean browser axe

$(BIN)/mkdocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# ProperDocs (the `platform` extra) for tests/test_platform.py is installed apart: if it cannot be,
# the set-up goes on and that test skips, saying so.
$(VENV)/.test-deps: $(BIN)/mkdocs
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet -e '.[platform]' \
	  || echo "!!! ProperDocs could not be installed (pip's message above): tests/test_platform.py will skip"
	touch $@

serve: $(BIN)/mkdocs  ## serve the example network on http://127.0.0.1:8000 and rebuild on save
	$(BIN)/kith serve --dev-addr $(HOST):$(PORT)

build: $(BIN)/mkdocs  ## build the site into site/
	$(BIN)/mkdocs build --strict

browser:  ## install Debian's Chromium for the browser tests, where we can (root + apt)
	@bash tests/install_chromium.sh

axe:  ## fetch axe-core (npm pack) for the accessibility checks in the browser tests
	@bash tests/install_axe.sh

test: $(VENV)/.test-deps browser axe  ## the whole suite: unit, build, CLI and browser tests
	$(BIN)/ruff check plugins tests bench
	$(BIN)/python -m pytest

bench: $(BIN)/mkdocs  ## timings at sizes S and M (see bench/README.md)
	$(BIN)/python bench/run.py --sizes S,M

clean:
	rm -rf site .pytest_cache
