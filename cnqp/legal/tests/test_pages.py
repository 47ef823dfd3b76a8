"""Pages render in Vietnamese for the legal desk, another department and leadership; a
classified draft does not exist for a reader below its level; an enterprise has no legal pages;
the step taken from the draft's page; the list filters the figures link to."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from cnqp.core.choices import Classification
from cnqp.legal.choices import DocumentKind, Stage
from cnqp.legal.models import LegalDraft, LegalInstrument
from cnqp.legal.tests.conftest import World

D = dt.date
S = Stage


def _issued(world: World, **more: Any) -> LegalDraft:
    return world.through(world.draft(deadline=D(2023, 9, 30), **more),
                         (S.DRAFTING, D(2023, 3, 1)), (S.ISSUED, D(2023, 6, 1)),
                         number="25/2023/TT-BQP", round_on=D(2023, 4, 3))


@pytest.mark.parametrize("who", ["staff", "low", "leader"])
def test_pages_render(world: World, client_for: Any, who: str) -> None:
    draft = _issued(world)
    client = client_for(getattr(world, who))
    for name in ("legal:drafts-list", "legal:steps-list", "legal:rounds-list",
                 "legal:instruments-list"):
        page = client.get(reverse(name))
        assert page.status_code == 200
    text = client.get(reverse("legal:drafts-list")).content.decode()
    assert "Văn bản đang xây dựng" in text and "Thông tư" in text and "Ban hành" in text
    detail = client.get(reverse("legal:drafts-detail", args=[draft.pk]))
    assert detail.status_code == 200
    assert "Các bước xây dựng văn bản" in detail.content.decode()
    entry = LegalInstrument.objects.get()
    assert client.get(reverse("legal:instruments-detail", args=[entry.pk])).status_code == 200
    assert client.get(reverse("legal:instruments-list") + "?review_soon=true&format=csv"
                      ).status_code == 200
    assert client.get("/api/legal/drafts").status_code == 200


def test_a_classified_draft_does_not_exist_below_its_level(world: World,
                                                           client_for: Any) -> None:
    draft = world.draft("Quy chế mật", kind=DocumentKind.DECISION,
                        classification=Classification.SECRET)
    client = client_for(world.low)  # Mật
    assert client.get(reverse("legal:drafts-detail", args=[draft.pk])).status_code == 404
    assert "Quy chế mật" not in client.get(reverse("legal:drafts-list")).content.decode()


def test_an_enterprise_sees_nothing_of_legal_work(world: World, client_for: Any) -> None:
    draft = _issued(world)
    client = client_for(world.enterprise)
    for name in ("legal:drafts-list", "legal:instruments-list"):
        page = client.get(reverse(name))
        assert page.status_code == 200 and page.context["page"].paginator.count == 0
    assert client.get(reverse("legal:drafts-detail", args=[draft.pk])).status_code == 404


def test_the_step_from_the_page_and_its_refusal(world: World, client_for: Any) -> None:
    draft = world.through(world.draft(), (S.DRAFTING, D(2023, 3, 1)))
    client = client_for(world.staff)
    url = reverse("legal:drafts-step", args=[draft.pk])
    refused = client.post(url, {"stage": S.PROPOSAL, "date": "01/04/2023"}, follow=True)
    assert ("Giai đoạn Đề nghị xây dựng phải sau giai đoạn hiện tại Soạn thảo."
            in refused.content.decode())
    draft.refresh_from_db()
    assert draft.current_stage == S.DRAFTING
    client.post(url, {"stage": S.APPRAISAL, "date": "01/04/2023", "decision": "Thẩm định"})
    draft.refresh_from_db()
    assert draft.current_stage == S.APPRAISAL
    # another department sees it but does not take steps
    other = client_for(world.low).post(url, {"stage": S.SUBMISSION, "date": "02/04/2023"})
    assert other.status_code == 403


def test_the_lists_the_figures_link_to(world: World, client_for: Any) -> None:
    _issued(world)
    world.through(world.draft("Quá hạn", deadline=D(2023, 3, 31)), (S.DRAFTING, D(2023, 1, 9)))
    client = client_for(world.leader)

    def titles(query: str) -> str:
        return client.get(reverse("legal:drafts-list") + query).content.decode().split(
            "<tbody")[1]

    assert "Quá hạn" in titles("?overdue_on=2023-12-31")
    assert "Quản lý tài liệu công nghệ" not in titles("?overdue_on=2023-12-31")
    assert "Quản lý tài liệu công nghệ" in titles("?issued_from=2023-01-01&issued_to=2023-12-31"
                                                  "&timeliness=on_time")
    assert "Quá hạn" in titles("?active_from=2023-01-01&active_to=2023-12-31")
    assert "Quá hạn" not in titles("?active_from=2022-01-01&active_to=2022-12-31")


def test_the_step_through_the_api(world: World, client_for: Any) -> None:
    draft = world.through(world.draft(), (S.DRAFTING, D(2023, 3, 1)))
    client = client_for(world.staff)
    url = f"/api/legal/drafts/{draft.pk}/step"
    refused = client.post(url, {"stage": S.PROPOSAL, "date": "2023-04-01"},
                          content_type="application/json")
    assert refused.status_code == 422 and "stage" in refused.content.decode()
    done = client.post(url, {"stage": S.APPRAISAL, "date": "2023-04-01"},
                       content_type="application/json")
    assert done.status_code == 200, done.content
    draft.refresh_from_db()
    assert draft.current_stage == S.APPRAISAL
