"""The forward trace grouped by holding unit and lot: counts from SQL, an accessible pass/fail
mark, a cap per group with a link to the rest, a constant number of queries, and only what the
reader may see."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cnqp.production import services as production
from cnqp.production.factories import GenealogyEdgeFactory, MaterialLotFactory, SerialUnitFactory
from cnqp.production.tests.conftest import issued_type
from cnqp.quality.tests.conftest import YEAR, accept, consume, deliver, serials
from cnqp.quality.trace import groups as grouping

TRACE = "/quality/trace/"


def either(text: str, vietnamese: str, english: str) -> bool:
    """A new string reads in Vietnamese once its translation is merged, English until then."""
    return vietnamese in text or english in text


@pytest.fixture
def two_lots(line: Any) -> Any:
    """A second barrel lot from the steel, whose rifle failed and stayed at Z111."""
    import datetime as dt

    world = line.world
    line.barrels2 = production.create_lot(
        world.staff, lot_number="NONG-02", product_type=world.product_type,
        enterprise=world.org.enterprise_a, revision=world.revision, quantity=5,
        made_date=dt.date(YEAR, 3, 2))
    consume(world, line.barrels2.node, line.steel.node)
    (line.bad,) = serials(world, line.item, 1, prefix="XK-")
    consume(world, line.bad.node, line.barrels2.node)
    accept(world, line.bad.node, passed=False)  # not deliverable: Z111 holds it
    return line


def _forward(client: Any, line: Any) -> str:
    return client.get(TRACE, {"direction": "forward",
                              "material_lot": line.steel.pk}).content.decode()


def _summaries(page: str) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", s)).strip()
            for s in re.findall(r"<summary.*?</summary>", page, re.S)]


def test_groups_by_unit_then_lot_with_counts(two_lots, client_for):
    line = two_lots
    grouped = grouping.forward_groups(line.world.admin, *_walked(line))
    keys = {(g.holder_code, g.lot_number): (g.count, g.serials, g.failed)
            for g in grouped.groups}
    assert keys == {("Z111", "NONG-01"): (1, 0, 0), ("Z111", "NONG-02"): (2, 1, 1),
                    ("SD304", "NONG-01"): (2, 2, 0), ("SD308", "NONG-01"): (1, 1, 0)}
    assert (grouped.lots, grouped.serials, grouped.failed, grouped.holders) == (2, 4, 1, 3)
    page = _forward(client_for(line.world.admin), line)
    summaries = _summaries(page)
    assert len(summaries) == 4
    failed = next(s for s in summaries if "Z111" in s and "NONG-02" in s)
    assert either(failed, "2 mục", "2 items") and either(failed, "1 không đạt", "1 failed")
    # pass and fail by an icon and a word, not by colour alone
    assert "Không đạt" in page and "Đạt" in page and "bi-x-octagon-fill" in page
    assert line.bad.serial_number in page and 'aria-hidden="true"' in page


def _walked(line: Any) -> tuple[set[int], int]:
    from cnqp.quality.trace.walk import walk

    walked = walk("forward", line.steel.node_id)
    return set(walked.nodes), line.steel.node_id


def test_a_group_lists_at_most_its_cap_then_links_to_the_rest(two_lots, client_for,
                                                              monkeypatch):
    line = two_lots
    monkeypatch.setattr(grouping, "PER_GROUP", 1)
    client = client_for(line.world.admin)
    page = _forward(client, line)
    assert either(page, "và 1 mục khác", "and 1 more")  # SD304's two rifles: one shown
    shown = [r for r in line.rifles if r.serial_number in page]
    assert len(shown) == 1
    link = re.search(r'<a href="(/production/serials/\?[^"]+)">(và 1 mục khác|and 1 more)',
                     page)
    assert link is not None
    listed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert all(r.serial_number in listed for r in line.rifles)
    assert line.spare.serial_number not in listed and line.bad.serial_number not in listed


def test_queries_do_not_grow_with_the_items(two_lots, client_for):
    line = two_lots
    client = client_for(line.world.admin)
    _forward(client, line)  # warm: sessions, prepared statements
    with CaptureQueriesContext(connection) as few:
        _forward(client, line)
    more = serials(line.world, line.item, 30, prefix="MK-")
    for rifle in more:
        consume(line.world, rifle.node, line.barrels.node)
    accept(line.world, more[0].node, passed=False)
    for rifle in more[1:11]:
        accept(line.world, rifle.node)
    deliver(line.world, more[1:11], line.sd308, "04/BBGN")
    with CaptureQueriesContext(connection) as many:
        page = _forward(client, line)
    assert "MK-" in page
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]


def test_an_enterprise_sees_and_counts_only_its_own(line, client_for):
    """Z113's material lot went into its own serial and into Z111's barrel lot: Z113 sees its
    serial, grouped under no lot (the barrel lot is not named), and nothing of Z111's."""
    world = line.world
    enterprise_b = world.org.enterprise_b
    kind, revision = issued_type(world.org, enterprise=enterprise_b, code="B-SUNG")
    mine = MaterialLotFactory(enterprise=enterprise_b, code="VT-B")
    own = SerialUnitFactory(enterprise=enterprise_b, product_type=kind, revision=revision,
                            serial_number="B-0001")
    GenealogyEdgeFactory(input_node=mine.node, output_node=own.node)
    GenealogyEdgeFactory(input_node=mine.node, output_node=line.barrels.node)
    GenealogyEdgeFactory(input_node=line.barrels.node, output_node=own.node)
    client = client_for(world.staff_b)
    page = client.get(TRACE, {"direction": "forward", "material_lot": mine.pk}).content.decode()
    summaries = _summaries(page)
    assert len(summaries) == 1 and "Z113" in summaries[0]
    assert either(summaries[0], "1 mục", "1 item")
    assert "B-0001" in page
    for hidden in ("NONG-01", "SD304", "SD308", line.spare.serial_number,
                   line.rifles[1].serial_number):
        assert hidden not in page
    assert page.count(line.rifles[0].serial_number) == 1  # the search box's placeholder
    whole = _forward_from(client_for(world.admin), mine)
    assert "NONG-01" in whole and "SD304" in whole


def _forward_from(client: Any, lot: Any) -> str:
    return client.get(TRACE, {"direction": "forward", "material_lot": lot.pk}).content.decode()


def test_the_backward_tree_marks_results_in_words(line, client_for):
    page = client_for(line.world.staff).get(
        TRACE, {"serial": line.rifles[0].pk}).content.decode()
    assert '<span class="visually-hidden">Đạt:</span>' in page
