"""Initiatives (sáng kiến cải tiến kỹ thuật): the service rules, the pages and the API, and
what another unit or a lower clearance sees of them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cnqp.core.choices import Classification
from cnqp.core.models import AuditEntry
from cnqp.research import services
from cnqp.research.factories import InitiativeFactory
from cnqp.research.models import Initiative

pytestmark = pytest.mark.django_db


def test_create_update_and_delete_are_audited(research_org, staff):
    initiative = services.create_initiative(
        staff, title="  Cải tiến đồ gá  ", authors="Trần An\nLê Bình",
        unit=research_org.enterprise_a, year=2023, benefit=250_000_000)
    assert initiative.title == "Cải tiến đồ gá"
    services.update_initiative(staff, initiative, benefit=300_000_000)
    services.delete_initiative(staff, initiative)
    actions = list(AuditEntry.objects.filter(object_type="research.initiative")
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["create", "update", "delete"]


def test_a_future_year_is_refused_and_nothing_written(research_org, staff):
    next_year = timezone.localdate().year + 1
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.create_initiative(staff, title="Sáng kiến", authors="An",
                                   unit=research_org.enterprise_a, year=next_year)
    assert error.value.message_dict == {"year": ["The year cannot be in the future."]}
    assert not Initiative.objects.exists()
    initiative = InitiativeFactory(unit=research_org.enterprise_a, year=2022)
    with pytest.raises(ValidationError):
        services.update_initiative(staff, initiative, year=next_year)
    initiative.refresh_from_db()
    assert initiative.year == 2022


def test_pages_create_list_and_filter(research_org, staff, client_for):
    client = client_for(staff)
    response = client.post("/research/initiatives/new/", {
        "title": "Cải tiến khuôn dập", "authors": "Nguyễn Văn Cường",
        "unit": research_org.enterprise_a.pk, "year": 2024, "benefit": 120000000,
        "recognition_level": "unit", "decision_number": "", "classification": 0})
    assert response.status_code in (200, 302), response.content[:500]
    assert Initiative.objects.filter(title="Cải tiến khuôn dập").exists()
    listing = client.get("/research/initiatives/", {"year": 2024}).content.decode()
    assert "Cải tiến khuôn dập" in listing
    assert "Cải tiến khuôn dập" not in client.get(
        "/research/initiatives/", {"year": 2023}).content.decode()


def test_api_create_and_field_errors(research_org, staff, client_for):
    client = client_for(staff)
    body = {"title": "Cải tiến quy trình sơn", "authors": "Lê Thị Hoa",
            "unit": research_org.enterprise_a.pk, "year": 2021, "benefit": 50000000,
            "recognition_level": "directorate", "decision_number": "7/QĐ", "classification": 0}
    created = client.post("/api/research/initiatives", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["recognition_level"] == "directorate"
    bad = client.post("/api/research/initiatives", {**body, "unit": research_org.enterprise_b.pk},
                      content_type="application/json")
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"unit"}
    assert Initiative.objects.count() == 1


def test_another_unit_and_a_lower_clearance_see_nothing(research_org, staff, make_user,
                                                       client_for):
    other = InitiativeFactory(unit=research_org.enterprise_b, title="Của Z113")
    secret = InitiativeFactory(unit=research_org.enterprise_a, title="Sáng kiến mật",
                               classification=Classification.SECRET)
    low = make_user(["enterprise_staff"], research_org.enterprise_a,
                    Classification.CONFIDENTIAL, username="thap")
    for user, hidden in ((staff, other), (low, secret)):
        client = client_for(user)
        assert hidden.title not in client.get("/research/initiatives/").content.decode()
        assert client.get(f"/research/initiatives/{hidden.pk}/").status_code == 404
        assert client.get(f"/api/research/initiatives/{hidden.pk}").status_code == 404
        ids = {i["id"] for i in client.get("/api/research/initiatives").json()["items"]}
        assert hidden.pk not in ids
