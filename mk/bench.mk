# Benchmarks (bench/run.py): `make bench` measures everything and writes bench/results.json;
# `make bench-quick` runs the same harness with tiny repeat counts (CI proof that it works).
# Needs /usr/bin/chromium, like the browser tests.
.PHONY: bench bench-quick

bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick
