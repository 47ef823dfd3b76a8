"""/api/safety/: every resource of production safety (reference data, rules, briefings, rule
files, roles, sessions, certificates, assets, inspections, plans, drills, campaigns, visits,
answers, findings, incidents, casualties, workforce) with their lifecycle steps, through the
same gate as the pages (records/api/routes.py)."""

from cnqp.core.records.api.routes import app_router

router = app_router("safety")
