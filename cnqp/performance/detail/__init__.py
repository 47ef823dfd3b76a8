"""The detail pages' context: returns (`returns.py`), projects (`projects.py`)."""

from cnqp.performance.detail import projects, returns

__all__ = ["projects", "returns"]
