"""/api/safety/: every resource of production safety (reference data, rules, briefings, rule
files, roles, sessions, certificates, assets, inspections, plans, drills, campaigns, visits,
answers, findings, incidents, casualties) with their lifecycle steps, through the same gate as
the pages (records/api/routes.py); and the labour-accident summary (summary/accidents,
api_summary.py, its workforce from the performance returns); the figures (figures,
api_figures.py).

No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

from cnqp.core.records.api.routes import app_router
from cnqp.safety.api_figures import register as figure_routes
from cnqp.safety.api_summary import register as accident_summary_routes

router = app_router("safety")
accident_summary_routes(router)
figure_routes(router)
