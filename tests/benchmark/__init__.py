"""`make bench`: speed of vnplan on real files (not installed with the product, not a test)."""
