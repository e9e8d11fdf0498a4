# Two commands: `make run` and `make test`. Each creates .venv and installs pinned versions first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= $(or $(STREAMLIT_SERVER_PORT),8501)
STAMP := $(VENV)/.installed

.PHONY: run test check-data geo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $@

run: $(STAMP)
	$(BIN)/streamlit run dashboard/app.py --server.port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

check-data: $(STAMP)
	$(BIN)/python -m dashboard.check_data

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
