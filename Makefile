# The two commands of the README: `make lab` (set up, then open the workbooks) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Test files run side by side: most of a browser test is waiting on a kernel or a page,
# so four at once on two cores finish sooner. `make test WORKERS=0` runs them one by one.
WORKERS ?= 4

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
