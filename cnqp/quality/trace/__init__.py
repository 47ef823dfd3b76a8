"""Trace and recall: backward (what went into an item) and forward (where it went), each ONE
recursive query over the genealogy, then a constant number of queries (see build.py)."""
