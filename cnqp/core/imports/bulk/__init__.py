"""Bulk imports at scale: staged with COPY, checked and written set-wise in SQL, all or
nothing. See `importer.py`."""
