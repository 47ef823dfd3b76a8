"""The pages render in Vietnamese for the enterprise's staff, the department's staff and the
leadership; a classified agreement or delegation does not exist for a reader of lower
clearance or of another unit: not in the list, 404 on its page, not in the API nor the export;
the filters narrow the lists as the figures' links say; the record pages show their cards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from cnqp.cooperation.choices import Direction
from cnqp.cooperation.tests.conftest import World
from cnqp.core.choices import Classification

LISTS = ("agreements", "follow-ups", "delegations", "exhibitions", "entries", "contracts")


@pytest.mark.parametrize("who", ["enterprise", "staff", "leader"])
def test_pages_render_in_vietnamese(world: World, client_for: Any, who: str) -> None:
    agreement = world.agreement(unit=world.org.enterprise_a)
    event = world.exhibition(entries=((world.org.enterprise_a, 3),))
    client = client_for(getattr(world, who))
    for slug in LISTS:
        page = client.get(reverse(f"cooperation:{slug}-list"))
        assert page.status_code == 200
        assert '<html lang="vi"' in page.content.decode()
    for slug, obj in (("agreements", agreement), ("exhibitions", event)):
        assert client.get(reverse(f"cooperation:{slug}-detail", args=[obj.pk])
                          ).status_code == 200
    assert client.get(reverse("cooperation:contracts-list") + "?category=defence&format=csv"
                      ).status_code == 200
    for name in ("agreements", "contracts", "exhibitions"):  # the leadership only reads
        assert client.get(reverse(f"cooperation:import-{name}")).status_code == (
            403 if who == "leader" else 200)
    assert client.get("/api/cooperation/agreements").status_code == 200


def _ids(client: Any, slug: str) -> set[int]:
    response = client.get(reverse(f"cooperation:{slug}-list"))
    assert response.status_code == 200
    return {obj.pk for obj in response.context["page"].object_list}


def test_classified_records_do_not_exist_below_their_level(world: World, client_for: Any,
                                                          make_user: Any) -> None:
    secret_agreement = world.agreement("Liên bang Nga", classification=Classification.SECRET)
    secret_delegation = world.delegation(Direction.OUTGOING, country="Israel",
                                         classification=Classification.SECRET)
    open_agreement = world.agreement("Ấn Độ")
    open_delegation = world.delegation(Direction.INCOMING, country="Belarus")
    staff = client_for(world.staff)  # the department, Mật: below Tối mật
    leader = client_for(world.leader)
    for slug, hidden, shown in (("agreements", secret_agreement, open_agreement),
                                ("delegations", secret_delegation, open_delegation)):
        assert _ids(staff, slug) == {shown.pk}
        assert _ids(leader, slug) == {hidden.pk, shown.pk}
        assert staff.get(reverse(f"cooperation:{slug}-detail", args=[hidden.pk])
                         ).status_code == 404
        assert leader.get(reverse(f"cooperation:{slug}-detail", args=[hidden.pk])
                          ).status_code == 200
        assert staff.get(f"/api/cooperation/{slug}/{hidden.pk}").status_code == 404
        listed = staff.get(f"/api/cooperation/{slug}").json()
        ids = {row["id"] for row in listed["items"]} if isinstance(listed, dict) else {
            row["id"] for row in listed}
        assert ids == {shown.pk}
        export = staff.get(reverse(f"cooperation:{slug}-list") + "?format=csv")
        text = b"".join(export.streaming_content).decode() if export.streaming else \
            export.content.decode()
        assert "Liên bang Nga" not in text and "Israel" not in text


def test_another_unit_does_not_see_an_enterprises_records(world: World,
                                                         client_for: Any) -> None:
    agreement = world.agreement("Belarus", unit=world.org.enterprise_a)
    contract = world.contract()
    other = client_for(world.other)
    assert _ids(other, "agreements") == set() and _ids(other, "contracts") == set()
    assert other.get(reverse("cooperation:agreements-detail", args=[agreement.pk])
                     ).status_code == 404
    assert other.get(reverse("cooperation:contracts-detail", args=[contract.pk])
                     ).status_code == 404
    own = client_for(world.enterprise)
    assert _ids(own, "agreements") == {agreement.pk}


def test_the_lists_filter_as_the_figures_count(world: World, client_for: Any) -> None:
    a = world.agreement("Liên bang Nga", dt.date(2023, 3, 15))
    b = world.agreement("Ấn Độ", dt.date(2022, 6, 1), valid_until=dt.date(2022, 12, 31))
    client = client_for(world.leader)
    response = client.get(reverse("cooperation:agreements-list")
                          + "?signed_after=2023-01-01&signed_before=2023-12-31")
    assert {o.pk for o in response.context["page"].object_list} == {a.pk}
    response = client.get(reverse("cooperation:agreements-list") + "?in_force_on=2023-12-31")
    assert {o.pk for o in response.context["page"].object_list} == {a.pk}
    assert b.pk not in {o.pk for o in response.context["page"].object_list}


def test_an_exhibition_page_lists_its_participants(world: World, client_for: Any) -> None:
    event = world.exhibition(entries=((world.org.enterprise_a, 3), (world.org.enterprise_b, 2)))
    page = client_for(world.enterprise).get(
        reverse("cooperation:exhibitions-detail", args=[event.pk])).content.decode()
    assert "Z111" in page and "Z113" not in page  # the other enterprise's entry is its own
    page = client_for(world.leader).get(
        reverse("cooperation:exhibitions-detail", args=[event.pk])).content.decode()
    assert "Z111" in page and "Z113" in page
