from __future__ import annotations

import datetime as dt

import factory

from cnqp.core.factories import OrgUnitFactory, UserFactory
from cnqp.core.testing.factories import register_factory
from cnqp.reports.choices import ReportKind
from cnqp.reports.models import GeneratedReport


@register_factory
class GeneratedReportFactory(factory.django.DjangoModelFactory):
    """A history row without files (the services generate real ones)."""

    class Meta:
        model = GeneratedReport

    kind = ReportKind.ANNUAL
    title = "Tổng kết công tác năm 2023"
    period_start = dt.date(2023, 1, 1)
    period_end = dt.date(2023, 12, 31)
    sections = factory.LazyFunction(lambda: ["research"])
    formats = factory.LazyFunction(lambda: ["docx"])
    number = factory.Sequence(lambda n: f"{n + 1:02d}/BC-TCCNQP")
    document_date = dt.date(2024, 1, 5)
    owner_unit = factory.SubFactory(OrgUnitFactory)
    created_by = factory.SubFactory(UserFactory, org_unit=factory.SelfAttribute("..owner_unit"))
