"""Tests of the benchmark scripts' own logic (the figures themselves are printed, not asserted)."""
