"""Demo production safety, 2011 to today, through the services (audited), telling the
articles' story (Nghị quyết 195-NQ/ĐU, 08/7/2016):

- the shipped reference data (`reference_data.load_reference`);
- safety staff in every unit (the workforce is the performance demo's returns: no row here);
- rules of the directorate and of the units, one superseded, one annulled, one draft, briefed;
- incidents: about 40 in 2011-2015, 20 in 2016-2021, a few since, with less damage after 2016;
  the serious ones (two deaths, one large fire) all before 2016, none especially serious; near
  misses recorded but not counted; one crane incident in 2018 while the crane was overdue;
- safety-critical assets in several units, inspected under their regimes: some due within 30
  days, some overdue today, a forklift that failed and is out of service;
- training sessions: certificates valid, expiring within 30 days, expired;
- plans in every state (draft, submitted, approved, in force, superseded, expired) with drills;
- the 2017 and 2019 general reviews (tổng rà soát) and yearly reviews since 2020, with
  checklists and findings: some closed (verified by the safety department BTM, never by the
  unit responsible), some still open, carried from review to review with their origin;
- corrective actions of findings and incidents in quality's one mechanism.

Deterministic: every draw comes from the demo's seeded rng; "today" is the clock's date, as in
the other demos, and no date passes it.
"""

from __future__ import annotations

from cnqp.core.site.demo import DemoContext
from cnqp.safety.demo import equipment, history, organisation
from cnqp.safety.demo.base import Demo
from cnqp.safety.reference_data import load_reference

ORDER = 50  # after quality: the actions of findings and incidents are quality's


def seed(ctx: DemoContext) -> None:
    if "btm" not in ctx.users:
        return
    load_reference(None)
    d = Demo(ctx)
    organisation.roles(d)
    organisation.rules(d)
    organisation.training(d)
    equipment.assets(d)
    equipment.plans(d)
    history.incidents(d)
    history.reviews(d)
