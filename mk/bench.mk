# Benchmarks (bench/run.py): `make bench` measures everything and writes bench/results.json;
# `make bench-quick` runs the same harness with tiny repeat counts (CI proof that it works).
# bench/draft_scale.py: the drafting tool's time at 1x and 4x the text (linear).
# Needs /usr/bin/chromium, like the browser tests.
.PHONY: bench bench-quick

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/draft_scale.py

bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick
	$(BIN)/python bench/draft_scale.py --quick
