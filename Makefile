# Two commands do all the set-up on a fresh machine: `make serve` and `make test`.
# Every target installs what is missing first (a venv with requirements.txt and this project,
# node_modules from package-lock.json, and for tests Debian's chromium), then does its job.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= 2
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build test lint bench clean

setup: $(PY_STAMP) $(NODE_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(PY_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(CHROMIUM):
	$(SUDO) apt-get update
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji

## serve: set up, build, and serve the site with live reload on http://127.0.0.1:8000
serve: setup
	$(BIN)/mkdocs build --strict
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(PORT) --livereload

## build: set up and build the static site into site/
build: setup
	$(BIN)/mkdocs build --strict

## lint: ruff over every Python file of the project
lint: setup
	$(BIN)/ruff check .

## test: set up (including Debian's chromium) and run the whole test suite on TEST_WORKERS xdist workers
## (one per core; tests/scheduling.py orders and groups the tests, tests/conftest.py builds the site once)
test: setup $(CHROMIUM)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder --durations=20

## bench: build, serve on 127.0.0.1 and measure against same-run baselines (writes bench/results.json)
bench: setup $(CHROMIUM)
	$(BIN)/python -m bench

clean:
	rm -rf site build dist .pytest_cache .ruff_cache bench/.work
