"""The large demo's generator, at a tiny size: a consistent factory history, loaded with its
indexes and keys rebuilt; refused on SQLite."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.core.management.base import CommandError
from django.db import connection

from cnqp.core.demo import seed as seed_core
from cnqp.core.site.demo import DemoContext
from cnqp.documents.demo import seed as seed_documents
from cnqp.production.choices import InspectionResult, InspectionStage
from cnqp.production.demo_large import Sizes, seed_large
from cnqp.production.models import (
    DeliveryLine,
    GenealogyEdge,
    Inspection,
    Lot,
    MaterialLot,
    SerialUnit,
)
from cnqp.production.selectors import accepted_node_ids, reaches

TINY = Sizes(material_lots=200, component_lots=2_000, final_serials=600)


def _context() -> DemoContext:
    ctx = DemoContext(rng=random.Random(5), scale="large")
    seed_core(ctx)
    seed_documents(ctx)
    return ctx


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite refusal")
def test_refused_on_sqlite(db: Any) -> None:
    with pytest.raises(CommandError, match="PostgreSQL"):
        seed_large(DemoContext(rng=random.Random(1), scale="large"), TINY)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY and index rebuilds")
def test_tiny_large_demo_is_a_consistent_history(db: Any) -> None:
    counts = seed_large(_context(), TINY)
    assert counts["material_lots"] == MaterialLot.objects.count() == 200
    assert counts["lots"] == Lot.objects.count() == 2_000
    assert counts["serials"] == SerialUnit.objects.count() == 1_800
    assert counts["edges"] == GenealogyEdge.objects.count() == \
        4 * 2_000 + 5 * 1_200 + 5 * 600
    finals = SerialUnit.objects.filter(serial_number__contains="-C")
    assert finals.count() == 600
    # every sub-assembly goes into exactly one final serial
    subs = SerialUnit.objects.filter(serial_number__contains="-B").values("node_id")
    consumed = (GenealogyEdge.objects.filter(input_node_id__in=subs)
                .values_list("input_node_id", flat=True))
    assert len(consumed) == len(set(consumed)) == 1_200
    # inputs were made no later than what consumed them (the edges go forward in time)
    edge = GenealogyEdge.objects.filter(output_node__serial__in=finals).first()
    assert edge is not None and not reaches(edge.output_node_id, edge.input_node_id)
    # every final serial passed final acceptance, signed off; only accepted ones delivered
    finals_accepted = finals.filter(node_id__in=accepted_node_ids()).count()
    assert finals_accepted == 600
    assert counts["inspections"] == Inspection.objects.count() >= 200 + 2_000 + 1_200 + 1_200
    assert Inspection.objects.filter(result=InspectionResult.FAILED).exists()
    assert not Inspection.objects.filter(stage=InspectionStage.FINAL_ACCEPTANCE,
                                         result=InspectionResult.PASSED,
                                         signed_off_at__isnull=True).exists()
    # the search text is what the model would build: found by supplier, as typed in a form
    for model in (MaterialLot, Lot, SerialUnit):
        record = model.objects.order_by("pk").first()
        assert record is not None and record.search_text == record.build_search_text()
    delivered = DeliveryLine.objects.values_list("serial_id", flat=True)
    assert set(delivered) <= set(finals.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE indexname IN "
                       "('production_edge_in_out', 'production_edge_out_in', "
                       "'production_serial_unique_number')")
        assert cursor.fetchone()[0] == 3
        cursor.execute("SELECT count(*) FROM pg_constraint WHERE conrelid = "
                       "'production_serialunit'::regclass AND contype IN ('f', 'u')")
        assert cursor.fetchone()[0] >= 6  # keys and references set aside, then restored
