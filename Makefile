# The two commands of the README: `make lab` (set up, then open the workbooks) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Test files run one after another: on two cores, browser tests side by side load the
# machine until pages stall. `make test WORKERS=4` runs four files at once on a bigger machine.
WORKERS ?= 0

.PHONY: lab app test setup setup-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

setup-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

lab: setup
	$(BIN)/careerkit lab

app: setup
	$(BIN)/careerkit app

test: setup-test
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile

clean:
	rm -rf $(VENV) .pytest_cache
