# Hosting kit (deploy/README.md).
#   make dist         dist/yongjia-dashboard-<version>/ and its .tar.gz: app, data, a wheelhouse of
#                     every runtime dependency (Linux x86-64, CPython 3.11), install.sh, run.sh.
#                     Needs the package index (pip download); the bundle then installs offline.
#   make test-deploy  builds a bundle, installs it offline, runs two replicas behind Debian's
#                     nginx under /yongjia/ and drives them with Chromium (tests/deploy).
# DIST_PYTHON: any Python >= 3.11 with pip; by default the project's venv (created if missing).
DIST_DIR ?= dist
DIST_PYTHON ?= $(BIN)/python

.PHONY: dist test-deploy

dist: | $(if $(filter $(BIN)/python,$(DIST_PYTHON)),$(BIN)/python)
	$(DIST_PYTHON) deploy/build_dist.py --out $(DIST_DIR)

test-deploy: $(STAMP)
	$(BIN)/python -m pytest tests/deploy -m deploy
