"""One factory per legal model. The permission suite passes scope paths as keyword arguments
(`lead_unit=`, `draft__lead_unit=`, `unit=`, `draft__classification=`)."""

from __future__ import annotations

import datetime as dt

import factory

from cnqp.core.factories import OrgUnitFactory
from cnqp.core.testing.factories import register_factory
from cnqp.legal.choices import DocumentKind, Stage
from cnqp.legal.models import ConsultationRound, DraftingStep, LegalDraft, LegalInstrument


@register_factory
class LegalDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalDraft

    kind = DocumentKind.CIRCULAR
    title = factory.Sequence(lambda n: f"Dự thảo văn bản {n}")
    lead_unit = factory.SubFactory(OrgUnitFactory)
    authority = "Bộ Quốc phòng"
    plan_year = 2023
    current_stage = Stage.DRAFTING
    started_on = dt.date(2023, 2, 1)
    stage_on = dt.date(2023, 2, 1)


@register_factory
class DraftingStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DraftingStep

    draft = factory.SubFactory(LegalDraftFactory)
    stage = Stage.DRAFTING
    date = dt.date(2023, 2, 1)
    decision = factory.Sequence(lambda n: f"{n}/QĐ-TCCNQP")


@register_factory
class ConsultationRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationRound

    draft = factory.SubFactory(LegalDraftFactory)
    number = factory.Sequence(lambda n: n + 1)
    stage = Stage.CONSULTATION
    sent_on = dt.date(2023, 3, 1)
    external_bodies = "các bộ, ngành, địa phương"


@register_factory
class LegalInstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalInstrument

    number = factory.Sequence(lambda n: f"{n + 1}/2021/TT-BQP")
    kind = DocumentKind.CIRCULAR
    title = factory.Sequence(lambda n: f"Quy định về quản lý {n}")
    authority = "Bộ Quốc phòng"
    issued_on = dt.date(2021, 3, 1)
    effective_from = dt.date(2021, 4, 15)
    review_due_on = dt.date(2026, 4, 15)
    unit = factory.SubFactory(OrgUnitFactory)
