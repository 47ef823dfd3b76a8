"""Time `create_serials` for 10,000 serials (not a test). Run against a scratch database:
DATABASE_URL=postgres://.../prod_helper .venv/bin/python scripts/time_serials.py
It creates the schema's demo-free minimum (one enterprise, an issued design, a right, a plan
item in progress), times the batch, and rolls everything back."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnqp.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from cnqp.core.choices import OrgUnitKind  # noqa: E402
from cnqp.core.models import OrgUnit  # noqa: E402
from cnqp.documents.choices import DocumentKind, Purpose, RevisionStatus  # noqa: E402
from cnqp.documents.models import DocumentSet, ProductType, Revision, UsageRight  # noqa: E402
from cnqp.production import services  # noqa: E402
from cnqp.production.choices import FundingSource, PlanItemKind  # noqa: E402


class Rollback(Exception):
    pass


def main(count: int = 10_000) -> None:
    try:
        with transaction.atomic():
            root = OrgUnit(code="TIMEROOT", name="root", kind=OrgUnitKind.DIRECTORATE)
            root.path = root.compute_path()
            root.save()
            unit = OrgUnit(code="TIMEZ", name="Nhà máy đo", kind=OrgUnitKind.ENTERPRISE,
                           parent=root)
            unit.path = unit.compute_path()
            unit.save()
            product_type = ProductType.objects.create(code="TIME-01", name="Súng đo")
            design = DocumentSet.objects.create(code="TIME-TLTK", title="t",
                                                kind=DocumentKind.DESIGN,
                                                product_type=product_type, owner_unit=unit)
            revision = Revision.objects.create(document_set=design, number=1,
                                               status=RevisionStatus.ISSUED,
                                               issue_date=dt.date(2020, 1, 1))
            UsageRight.objects.create(document_set=design, enterprise=unit,
                                      purpose=Purpose.PRODUCTION, valid_from=dt.date(2020, 1, 1),
                                      decision_number="1")
            plan = services.create_plan(None, year=2025, enterprise=unit)
            item = services.create_plan_item(None, plan=plan, product_type=product_type,
                                              kind=PlanItemKind.PRODUCTION, quantity=count,
                                              due_date=dt.date(2025, 12, 1),
                                              funding_source=FundingSource.STATE_BUDGET)
            item = services.start_plan_item(None, item, on_date=dt.date(2025, 2, 1))
            began = time.perf_counter()
            created = services.create_serials(None, plan_item=item, revision=revision,
                                              made_date=dt.date(2025, 5, 1), prefix="T-",
                                              count=count, width=6)
            elapsed = time.perf_counter() - began
            print(f"{connection.vendor}: {len(created)} serials in {elapsed:.2f} s")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
