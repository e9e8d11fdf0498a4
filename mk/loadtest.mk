# Capacity (loadtest/): Locust viewers speaking Streamlit's WebSocket protocol, on loopback only.
# `make loadtest`: 25, 100, 200 and 400 viewers for 60 s each against the dashboard and a minimal
# app, the memory for 3 minutes after they leave, a cold start of 400 (about 20 minutes).
# `make loadtest-quick`: 3 viewers for 5 s (proves the tool works; tests/test_loadtest.py runs a
# smaller form in `make test`). Results: test-artifacts/loadtest-protocol.json and a table.
# `make loadtest-browser`: the older test with Chromium sessions, for what only a browser shows.
.PHONY: loadtest loadtest-quick loadtest-browser

loadtest: $(STAMP)
	$(BIN)/python -m loadtest.run

loadtest-quick: $(STAMP)
	$(BIN)/python -m loadtest.run --quick

loadtest-browser: $(STAMP)
	$(BIN)/python -m loadtest.browser --sessions 1,10,25 --seconds 60
