"""/api/performance/: returns with their values and lifecycle steps, the reference data
(indicators, schedules, programmes), investment projects with their decisions, funding,
milestones and disbursements, through the same gate as the pages (records/api/routes.py);
and a return's values (GET/PUT `returns/{id}/values`, api_returns.py), so an enterprise's own
system can file its return.

No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

from cnqp.core.records.api.routes import app_router
from cnqp.performance.api_returns import register as return_value_routes

router = app_router("performance")
return_value_routes(router)
