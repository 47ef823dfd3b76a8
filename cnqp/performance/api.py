"""/api/performance/: returns with their values and lifecycle steps, the reference data
(indicators, schedules, programmes), investment projects with their decisions, funding,
milestones and disbursements, through the same gate as the pages (records/api/routes.py); and
the figures.

No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

from cnqp.core.records.api.routes import app_router

router = app_router("performance")
