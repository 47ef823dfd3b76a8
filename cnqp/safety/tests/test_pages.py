"""Safety's pages as people use them: an enterprise records an incident and an inspection, the
safety department records a finding and verifies it, each step offered where it applies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cnqp.core.models import Notification, User
from cnqp.quality.models import CorrectiveAction
from cnqp.safety.choices import (
    Activity,
    AssetStatus,
    CampaignKind,
    FindingSeverity,
    FindingStatus,
    IncidentStatus,
    InspectionResult,
)
from cnqp.safety.factories import IncidentFactory, SafetyAssetFactory
from cnqp.safety.models import AssetInspection, Finding, Incident, ReviewCampaign
from cnqp.safety.tests.conftest import SafetyWorld

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_enterprise_records_an_incident_on_its_page(world: SafetyWorld) -> None:
    client = client_for(world.staff_a)
    page = client.get(reverse("safety:incidents-create"))
    assert page.status_code == 200
    # it files only under its own units
    units = {u.code for u in page.context["form"].fields["unit"].queryset}
    assert world.org.enterprise_a.code in units and world.org.enterprise_b.code not in units
    answer = client.post(reverse("safety:incidents-create"), {
        "kind": world.ref.accident.pk, "title": "Kẹt tay máy dập",
        "occurred_at": "03/02/2026 09:30", "unit": world.org.enterprise_a.pk,
        "activity": Activity.PRODUCTION, "description": "Công nhân bị kẹt tay.",
        "damage_property": "0", "damage_medical": "12000000", "damage_wages": "0",
        "damage_compensation": "0", "damage_other": "0", "classification": "0"})
    assert answer.status_code == 302, answer.context["form"].errors
    incident = Incident.objects.get()
    assert incident.unit == world.org.enterprise_a and incident.code
    detail = client.get(reverse("safety:incidents-detail", args=[incident.pk]))
    text = detail.content.decode()
    # the steps that apply to a reported incident, and its cards
    names = [action.name for action, _form in detail.context["offered_steps"]]
    assert names == ["confirm_severity", "investigate", "conclude", "open_action"]
    assert reverse("safety:casualties-create") + f"?incident={incident.pk}" in text


def test_a_bad_incident_names_the_field_and_writes_nothing(world: SafetyWorld) -> None:
    answer = client_for(world.staff_a).post(reverse("safety:incidents-create"), {
        "kind": world.ref.accident.pk, "title": "", "occurred_at": "31/02/2026 09:30",
        "unit": world.org.enterprise_b.pk, "activity": Activity.PRODUCTION,
        "description": "x", "classification": "0"})
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert {"title", "occurred_at", "unit"} <= set(errors)
    assert not Incident.objects.exists()


def test_an_inspection_from_the_asset_page_takes_a_failed_asset_out_of_service(
        world: SafetyWorld) -> None:
    asset = SafetyAssetFactory(unit=world.org.enterprise_a, category=world.ref.crane,
                               in_service_on=dt.date(2020, 1, 1))
    client = client_for(world.staff_a)
    detail = client.get(reverse("safety:assets-detail", args=[asset.pk])).content.decode()
    add = reverse("safety:inspections-create") + f"?asset={asset.pk}"
    assert add in detail
    form = client.get(add).context["form"]
    assert form.initial["asset"] == str(asset.pk)
    answer = client.post(reverse("safety:inspections-create"), {
        "asset": asset.pk, "regime": world.ref.technical.pk, "inspected_on": "10/01/2026",
        "performer": "Trung tâm kiểm định", "result": InspectionResult.FAILED})
    assert answer.status_code == 302, answer.context["form"].errors
    asset.refresh_from_db()
    assert asset.status == AssetStatus.OUT_OF_SERVICE
    assert AssetInspection.objects.get().next_due == dt.date(2026, 1, 10)


def _campaign(world: SafetyWorld) -> ReviewCampaign:
    campaign = ReviewCampaign.objects.create(
        code="TRS-2026", name="Tổng rà soát 2026", kind=CampaignKind.GENERAL, year=2026,
        lead_unit=world.btm, start_on=dt.date(2026, 1, 5), end_on=dt.date(2026, 3, 31))
    campaign.units.set([world.org.enterprise_a])
    return campaign


def test_the_safety_department_records_a_finding_and_verifies_it(world: SafetyWorld) -> None:
    campaign = _campaign(world)
    btm = client_for(world.safety_staff)
    page = btm.get(reverse("safety:campaigns-detail", args=[campaign.pk])).content.decode()
    assert reverse("safety:findings-create") + f"?campaign={campaign.pk}" in page
    answer = btm.post(reverse("safety:findings-create"), {
        "unit": world.org.enterprise_a.pk, "title": "Bình chữa cháy hết hạn",
        "severity": FindingSeverity.MEDIUM, "campaign": campaign.pk,
        "found_on": "20/01/2026", "due_date": "20/03/2026", "classification": "0"})
    assert answer.status_code == 302, answer.context["form"].errors
    finding = Finding.objects.get()
    assert Notification.objects.filter(org_unit=world.org.enterprise_a).exists()

    enterprise = client_for(world.staff_a)
    steps = [a.name for a, _f in enterprise.get(
        reverse("safety:findings-detail", args=[finding.pk])).context["offered_steps"]]
    assert steps == ["start", "claim", "carry_over", "open_action"]
    enterprise.post(reverse("safety:findings-open_action", args=[finding.pk]), {
        "title": "Thay bình", "owner_unit": world.org.enterprise_a.pk,
        "due_date": "01/03/2026"})
    action = CorrectiveAction.objects.get()
    assert action.source_unit == world.org.enterprise_a and action.nonconformance is None
    enterprise.post(reverse("safety:findings-claim", args=[finding.pk]),
                    {"on_date": "25/02/2026", "note": "Đã thay."})
    finding.refresh_from_db()
    assert finding.status != FindingStatus.CLAIMED_FIXED  # its action is still open

    # the owner never verifies its own finding: the step is refused with the reason
    finding.status = FindingStatus.CLAIMED_FIXED
    finding.claimed_on = dt.date(2026, 2, 25)
    finding.save()
    refused = enterprise.post(reverse("safety:findings-verify", args=[finding.pk]),
                              {"accepted": "yes", "note": "Tự kiểm tra."}, follow=True)
    assert [str(m) for m in refused.context["messages"]]
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLAIMED_FIXED
    btm.post(reverse("safety:findings-verify", args=[finding.pk]),
             {"on_date": "28/02/2026", "accepted": "yes", "note": "Đã kiểm tra tại chỗ."})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED and finding.verifier_unit == world.btm


def test_steps_name_only_what_the_user_may_see(world: SafetyWorld) -> None:
    """A step's choices are scoped: an enterprise carries a finding over only into a
    campaign it may see."""
    _campaign(world)
    hidden = ReviewCampaign.objects.create(
        code="KT-Z113", name="Kiểm tra Z113", kind=CampaignKind.UNANNOUNCED, year=2026,
        lead_unit=world.org.enterprise_b, start_on=dt.date(2026, 1, 5),
        end_on=dt.date(2026, 1, 6))
    finding = Finding.objects.create(
        code="F-1", unit=world.org.enterprise_a, title="x", severity=FindingSeverity.LOW,
        found_on=dt.date(2026, 1, 20), due_date=dt.date(2026, 3, 1),
        first_found_on=dt.date(2026, 1, 20))
    steps = dict(client_for(world.staff_a).get(
        reverse("safety:findings-detail", args=[finding.pk])).context["offered_steps"])
    carry = next(form for action, form in steps.items() if action.name == "carry_over")
    offered = set(carry.fields["campaign"].queryset.values_list("code", flat=True))
    assert "TRS-2026" in offered and hidden.code not in offered


def test_a_record_page_writes_years_plainly_and_links_what_it_names(world: SafetyWorld) -> None:
    campaign = _campaign(world)
    finding = Finding.objects.create(
        code="F-2", unit=world.org.enterprise_a, title="x", severity=FindingSeverity.LOW,
        campaign=campaign, found_on=dt.date(2026, 1, 20), due_date=dt.date(2026, 3, 1),
        first_found_on=dt.date(2026, 1, 20), first_found_in=campaign)
    client = client_for(world.safety_staff)
    page = client.get(reverse("safety:campaigns-detail", args=[campaign.pk]))
    fields = {label: (text, url) for label, text, url in page.context["fields"]}
    assert fields["Năm"][0] == "2026"  # not 2.026
    detail = client.get(reverse("safety:findings-detail", args=[finding.pk]))
    linked = {text: url for _label, text, url in detail.context["fields"] if url}
    assert linked[str(campaign)] == reverse("safety:campaigns-detail", args=[campaign.pk])


def test_a_closed_incident_is_not_offered_for_editing(world: SafetyWorld) -> None:
    incident = IncidentFactory(unit=world.org.enterprise_a, kind=world.ref.accident)
    client = client_for(world.staff_a)
    page = client.get(reverse("safety:incidents-detail", args=[incident.pk]))
    assert page.context["can_change"] and page.context["can_delete"]
    Incident.objects.filter(pk=incident.pk).update(status=IncidentStatus.CLOSED)
    page = client.get(reverse("safety:incidents-detail", args=[incident.pk]))
    assert not page.context["can_change"] and not page.context["can_delete"]
    assert reverse("safety:incidents-edit", args=[incident.pk]) not in page.content.decode()


def test_a_finding_page_shows_its_chain_across_campaigns_in_one_query(
        world: SafetyWorld, django_assert_max_num_queries: Any) -> None:
    from cnqp.safety.panels import _history

    first_campaign = _campaign(world)
    common = {"unit": world.org.enterprise_a, "title": "Bình chữa cháy hết hạn",
              "severity": FindingSeverity.MEDIUM, "first_found_in": first_campaign,
              "first_found_on": dt.date(2017, 5, 1), "due_date": dt.date(2027, 1, 1)}
    chain = [Finding.objects.create(code="TT-2017-0001", found_on=dt.date(2017, 5, 1),
                                    status=FindingStatus.CARRIED_OVER, **common)]
    for year in (2019, 2021):
        chain.append(Finding.objects.create(
            code=f"TT-{year}-0001", found_on=dt.date(year, 5, 1), carried_over_from=chain[-1],
            status=FindingStatus.CARRIED_OVER if year == 2019 else FindingStatus.OPEN,
            **common))
    Finding.objects.create(code="TT-2017-0002", found_on=dt.date(2017, 5, 1), **common)
    with django_assert_max_num_queries(1):
        assert [f.code for f in _history(chain[-1])] == [
            "TT-2017-0001", "TT-2019-0001", "TT-2021-0001"]
    page = client_for(world.staff_a).get(reverse("safety:findings-detail", args=[chain[-1].pk]))
    cards = {panel.title: panel for panel in page.context["panels"]}
    assert [f.code for f, _visible in cards["Chuyển qua các đợt kiểm tra"].context["chain"]] \
        == ["TT-2017-0001", "TT-2019-0001", "TT-2021-0001"]
