"""The benchmarks: `python bench/run.py` (make bench); see run.py."""
