"""The performance app's registered resources: returns and their reference data
(`returns.py`), investment projects (`projects.py`)."""

from cnqp.performance.resources import projects, returns

__all__ = ["projects", "returns"]
