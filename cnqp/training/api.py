"""/api/training/: training courses and their participants by unit, through the same gate as
the pages (records/api/routes.py).

No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

from cnqp.core.records.api.routes import app_router

router = app_router("training")
