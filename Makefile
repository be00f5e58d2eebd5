# make all  : create .venv (Python 3.11) if missing, install pinned dependencies, rebuild every dataset
# make test : same set-up, then the whole test suite (pytest -n auto: one worker per core)
# make lint : ruff

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all build bytecode test lint docs bench clean

all: build

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

build: $(STAMP) bytecode
	$(BIN)/kkr build

# The package's modules compiled to bytecode, as pip does for a package it installs (an editable
# install is not compiled): a build's processes then start without compiling them, also where
# PYTHONDONTWRITEBYTECODE is set. Only changed modules are compiled again.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q pipeline

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench

docs: $(STAMP)
	$(BIN)/kkr docs

# make bench: N = 500..4000 generated referater through every stage (bench/RESULTS.md, scale
# section), then the per-file timing on the seeds. Smaller: make bench BENCH_ARGS="--sizes 500,1000
# --rebuild-n 1000"; with the build's own flags: BENCH_ARGS='--build-args "--jobs 2"'.
BENCH_ARGS ?=
bench: $(STAMP) bytecode
	$(BIN)/python bench/bench_scale.py $(BENCH_ARGS)
	$(BIN)/python bench/bench_build.py

clean:
	rm -rf $(VENV) data/processed
