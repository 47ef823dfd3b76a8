"""What every generated list offers (core/object_list.html): filters folded away until one is
set, chips naming the active filters as they read and clearing them, paging with first/last
and a page size, newest first, ticked rows exported or stepped in bulk (scoped, all or
nothing), saved filters per user; and a detail page offers Edit and Delete only on a record
that would take them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory, SavedFilterFactory
from cnqp.core.models import SavedFilter
from cnqp.core.records.registry import resources
from cnqp.documents.choices import RevisionStatus
from cnqp.documents.factories import DocumentSetFactory, RevisionFactory
from cnqp.documents.models import Revision
from cnqp.quality.choices import NCStatus, Severity
from cnqp.quality.factories import NonConformanceFactory

NCS = "/quality/nonconformances/"
REVISIONS = "/documents/revisions/"


def english(client: Client) -> Client:
    """The interface in English (the language switcher's cookie), to read the msgids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def director(org: Any, make_user: Any, client_for: Any) -> Client:
    return english(client_for(make_user(["admin"], org.root, Classification.SECRET)))


def _html(response: Any) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _chips(html: str) -> list[str]:
    found = re.findall(r'<li class="filter-chip[^"]*">(.*?)</li>', html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", chip)).strip() for chip in found]


# --- filters: folded, chips, clear-all ------------------------------------------------------

def test_filters_are_folded_until_one_is_set(org, director):
    with translation.override("en"):
        idle = _html(director.get(NCS))
        active = _html(director.get(NCS, {"status": NCStatus.OPEN}))
    assert 'id="list-filters"' in idle and "data-open-wide" not in idle
    assert 'class="collapse" id="list-filters" data-open-wide' in active
    assert "filter-chip" not in idle


def test_chips_show_labels_and_names_not_codes_or_ids(org, director):
    NonConformanceFactory(enterprise=org.enterprise_a, severity=Severity.CRITICAL)
    with translation.override("en"):
        html = _html(director.get(NCS, {"status": NCStatus.OPEN, "severity": Severity.CRITICAL,
                                        "enterprise": org.enterprise_a.pk, "q": "khóa"}))
        chips = _chips(html)
        labels = {str(NCStatus.OPEN.label), str(Severity.CRITICAL.label)}
    assert "Search: khóa" in chips
    assert f"Enterprise: {org.enterprise_a.name}" in chips
    values = {chip.split(": ", 1)[1] for chip in chips}
    assert labels <= values
    assert str(org.enterprise_a.pk) not in values and NCStatus.OPEN.value not in values


def test_each_chip_removes_its_own_filter_and_clear_all_keeps_order_and_page_size(
        org, director):
    with translation.override("en"):
        response = director.get(NCS, {"status": NCStatus.OPEN, "severity": Severity.MAJOR,
                                       "sort": "code", "per_page": 50, "page": 1})
    context = response.context
    removes = {chip.label: chip.remove for chip in context["chips"]}
    assert "status=" not in removes["Status"] and "severity=major" in removes["Status"]
    assert "&page=" not in removes["Status"]
    assert context["cleared"] == "sort=code&per_page=50"
    assert 'href="?sort=code&amp;per_page=50" data-clear-filters' in response.content.decode()
    assert context["filters_active"] == 2


def test_an_invalid_filter_value_makes_no_chip(org, director):
    response = director.get(NCS, {"enterprise": 999999})
    assert [c.label for c in response.context["chips"]] == []


# --- paging --------------------------------------------------------------------------------

def test_paging_offers_first_previous_next_last_and_page_sizes(org, director):
    for i in range(60):
        OrgUnitFactory(code=f"P{i:02d}", parent=org.root, kind=OrgUnitKind.USER_UNIT)
    with translation.override("en"):
        html = _html(director.get("/org-units/", {"page": 2, "kind": OrgUnitKind.USER_UNIT}))
    assert 'rel="first"' in html and "page=1" in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert 'rel="last"' in html and "page=3" in html  # 61 user units, 25 a page
    assert "Page 2 of 3" in html
    for size in (25, 50, 100):
        assert f"kind=user_unit&per_page={size}" in html


@pytest.mark.parametrize(("asked", "used"), [("50", 50), ("100", 100), ("5000", 100),
                                             ("7", 25), ("abc", 25), ("-1", 25)])
def test_page_size_is_bounded(org, director, asked, used):
    page = director.get("/org-units/", {"per_page": asked}).context["page"]
    assert page.paginator.per_page == used


def test_page_size_stays_in_the_query_string_while_paging(org, director):
    for i in range(60):
        OrgUnitFactory(code=f"S{i:02d}", parent=org.root)
    response = director.get("/org-units/", {"per_page": 50})
    assert "per_page=50" in response.context["querystring"]
    assert "per_page=50&page=2" in response.content.decode()


# --- order ---------------------------------------------------------------------------------

def test_records_come_newest_first_by_default(org, director):
    older = NonConformanceFactory(enterprise=org.enterprise_a, detected_on=dt.date(2025, 1, 5))
    newer = NonConformanceFactory(enterprise=org.enterprise_a, detected_on=dt.date(2025, 6, 5))
    rows = director.get(NCS).context["rows"]
    assert [obj.pk for obj, _ in rows][:2] == [newer.pk, older.pk]


def test_undeclared_default_is_newest_first_and_reference_data_stays_alphabetical():
    orders = {f"{r.app_label}.{r.slug}": r.ordering for r in resources()}
    assert orders["quality.photos"] == "-created_at"  # declared nothing
    assert orders["core.notifications"] == "-at"
    assert orders["documents.product-types"] == "code"
    assert orders["core.org-units"] == "path"
    for key, order in orders.items():
        assert order, key


# --- ticked rows ----------------------------------------------------------------------------

def test_a_list_offers_row_selection_and_only_form_free_steps(org, director):
    with translation.override("en"):
        html = _html(director.get(REVISIONS))
    assert "data-select-all" in html and 'name="ids"' not in html  # no rows yet
    assert 'value="export:xlsx"' in html
    assert 'value="submit"' in html and 'value="approve"' in html
    assert 'value="issue"' not in html  # the issue step asks for a decision number


def test_export_selected_exports_only_the_ticked_rows_the_user_may_see(org, make_user,
                                                                         client_for):
    mine = [NonConformanceFactory(enterprise=org.enterprise_a) for _ in range(3)]
    other = NonConformanceFactory(enterprise=org.enterprise_b)  # Z113's: not Z111's to see
    staff = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    response = client_for(staff).post(f"{NCS}selected/", {
        "operation": "export:csv", "ids": [mine[0].pk, mine[2].pk, other.pk], "query": ""})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    codes = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert sorted(codes) == sorted([mine[0].code, mine[2].code])


def test_bulk_step_runs_on_every_ticked_record(org, make_user, client_for):
    drafts = [RevisionFactory(document_set=DocumentSetFactory(owner_unit=org.enterprise_a))
              for _ in range(3)]
    staff = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    response = client_for(staff).post(f"{REVISIONS}selected/", {
        "operation": "submit", "ids": [r.pk for r in drafts], "query": "status=draft"})
    assert response.status_code == 302 and response["Location"].endswith("?status=draft")
    statuses = set(Revision.objects.filter(pk__in=[r.pk for r in drafts])
                   .values_list("status", flat=True))
    assert statuses == {RevisionStatus.SUBMITTED}


def test_bulk_offers_a_step_whose_form_asks_nothing_required(org, make_user):
    """A step's optional date (empty = today) asks nothing per record: submit stays a bulk
    step; a step with a required field (issue: its decision and date) does not."""
    resource = next(r for r in resources() if r.model is Revision)
    approver = make_user(["department_staff"], org.department, Classification.SECRET)
    names = {a.name for a in resource.bulk_actions(approver)}
    assert {"submit", "approve"} <= names and not names & {"issue", "return"}


def test_bulk_step_is_all_or_nothing_and_names_the_record_that_refused(org, make_user,
                                                                        client_for):
    document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
    drafts = [RevisionFactory(document_set=document_set) for _ in range(2)]
    issued = RevisionFactory(document_set=document_set, status=RevisionStatus.ISSUED)
    staff = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    response = english(client_for(staff)).post(f"{REVISIONS}selected/", {
        "operation": "submit", "ids": [drafts[0].pk, issued.pk, drafts[1].pk],
        "query": ""}, follow=True)
    assert set(Revision.objects.filter(pk__in=[r.pk for r in drafts])
               .values_list("status", flat=True)) == {RevisionStatus.DRAFT}
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1 and errors[0].startswith(f"{issued}:")


def test_bulk_step_needs_its_permission_and_a_post(org, make_user, client_for):
    revision = RevisionFactory(document_set=DocumentSetFactory(owner_unit=org.enterprise_a))
    planning = OrgUnitFactory(code="KH", kind=OrgUnitKind.DEPARTMENT, parent=org.root,
                              domains="production")
    reader = make_user(["department_staff"], planning, Classification.SECRET)
    client = client_for(reader)
    denied = client.post(f"{REVISIONS}selected/", {"operation": "submit",
                                                   "ids": [revision.pk]})
    assert denied.status_code == 403
    assert client.get(f"{REVISIONS}selected/").status_code == 405
    assert client.post(f"{REVISIONS}selected/", {"operation": "issue",
                                                 "ids": [revision.pk]}).status_code == 403
    Revision.objects.get(pk=revision.pk, status=RevisionStatus.DRAFT)


def test_bulk_post_is_csrf_checked(org, make_user):
    staff = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(f"{REVISIONS}selected/", {"operation": "export:csv", "ids": [1]})
    assert response.status_code == 403


# --- saved filters --------------------------------------------------------------------------

def test_saved_filters_are_the_owners_alone(org, make_user, client_for):
    alice = make_user(["admin"], org.root, Classification.SECRET)
    bob = make_user(["admin"], org.root, Classification.SECRET)
    alice_client, bob_client = client_for(alice), client_for(bob)
    saved = alice_client.post(f"{NCS}filters/", {
        "name": "Mở, nghiêm trọng", "query": "status=open&severity=critical&page=3&export=csv"})
    assert saved.status_code == 302
    kept = SavedFilter.objects.get(user=alice)
    assert (kept.resource, kept.query) == ("quality.nonconformances",
                                           "status=open&severity=critical")
    assert "Mở, nghiêm trọng" in _html(alice_client.get(NCS))
    assert "Mở, nghiêm trọng" not in _html(bob_client.get(NCS))
    assert "Mở, nghiêm trọng" not in _html(alice_client.get("/quality/actions/"))
    # another user's filter does not exist for them
    gone = bob_client.post(f"{NCS}filters/{kept.pk}/delete/")
    assert gone.status_code == 404 and SavedFilter.objects.filter(pk=kept.pk).exists()
    assert alice_client.post(f"{NCS}filters/{kept.pk}/delete/").status_code == 302
    assert not SavedFilter.objects.filter(pk=kept.pk).exists()


def test_saving_a_name_again_replaces_its_query(org, make_user, client_for):
    user = make_user(["admin"], org.root, Classification.SECRET)
    SavedFilterFactory(user=user, name="Của tôi", query="status=open")
    client_for(user).post(f"{NCS}filters/", {"name": "Của tôi", "query": "status=closed"})
    assert list(SavedFilter.objects.filter(user=user).values_list("query", flat=True)) == [
        "status=closed"]


# --- edit and delete offered only where they would be taken ----------------------------------

def test_an_issued_revision_offers_no_edit_or_delete(org, make_user, client_for):
    document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
    issued = RevisionFactory(document_set=document_set, status=RevisionStatus.ISSUED,
                             decision_number="QĐ-1", issue_date=dt.date(2025, 1, 1))
    draft = RevisionFactory(document_set=document_set)
    client = client_for(make_user(["enterprise_staff"], org.enterprise_a,
                                  Classification.SECRET))
    issued_page = client.get(f"{REVISIONS}{issued.pk}/")
    assert not issued_page.context["can_change"] and not issued_page.context["can_delete"]
    assert f"{REVISIONS}{issued.pk}/edit/" not in issued_page.content.decode()
    assert f"{REVISIONS}{issued.pk}/delete/" not in issued_page.content.decode()
    draft_page = client.get(f"{REVISIONS}{draft.pk}/")
    assert draft_page.context["can_change"] and draft_page.context["can_delete"]


def test_a_non_conformance_with_work_started_offers_edit_but_not_delete(org, make_user,
                                                                         client_for):
    analysed = NonConformanceFactory(enterprise=org.enterprise_a, status=NCStatus.ANALYSED)
    client = client_for(make_user(["enterprise_staff"], org.enterprise_a,
                                  Classification.SECRET))
    page = client.get(f"{NCS}{analysed.pk}/")
    assert page.context["can_change"] and not page.context["can_delete"]
