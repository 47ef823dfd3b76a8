"""/api/directives/: directives, their files, items, indicators and assessments, tasks and
their progress reports, reviews and their frozen figures, with their lifecycle steps, through
the same gate as the pages (records/api/routes.py).

No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

from cnqp.core.records.api.routes import app_router

router = app_router("directives")
