# `make loadtest`: 1, 10 and 25 concurrent browser sessions for 60 s each (about 4 minutes).
# Results: test-artifacts/loadtest.json and a table for the README.
loadtest: $(STAMP)
	$(BIN)/python scripts/loadtest.py --sessions 1,10,25 --seconds 60

.PHONY: loadtest
