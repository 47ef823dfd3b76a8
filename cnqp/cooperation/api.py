"""/api/cooperation/: agreements, follow-ups, delegations, exhibitions, participations and
export contracts, through the same gate as the pages (records/api/routes.py).

No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

from cnqp.core.records.api.routes import app_router

router = app_router("cooperation")
