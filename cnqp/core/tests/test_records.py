"""The record framework itself: the declaration check that fails start-up on a typo, the gate
(`get_for`: 404 before 403), `browse` (a unique tiebreaker last), `perform` (permission before
validation, the service's refusal on the form and in the API by its own field name) and the
API's strict input schemas."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404

from cnqp.conftest import MakeUser, Org
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory
from cnqp.core.forms import OrgUnitForm
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.checks import (
    check_resources,
    field_errors,
    header_errors,
    operation_errors,
    resolves,
    template_errors,
)
from cnqp.core.records.resource import Action, Column, RecordInvalid, Resource
from cnqp.core.resources import org_units
from cnqp.documents.factories import DocumentSetFactory, UsageRightFactory


def unit_resource(**kwargs: Any) -> Resource:
    declared: dict[str, Any] = {"model": OrgUnit, "slug": "units-under-test",
                                "columns": [Column("code")]}
    return Resource(**{**declared, **kwargs})


def ids(errors: list[Any]) -> list[str]:
    return [e.id for e in errors]


# --- the declaration check ----------------------------------------------------------------


def test_every_registered_resource_passes_the_check() -> None:
    assert check_resources() == []


@pytest.mark.parametrize("path", ["code", "parent.name", "parent__parent__code", "parent_id",
                                  "pk", "children"])
def test_paths_that_resolve(path: str) -> None:
    assert resolves(OrgUnit, path)


@pytest.mark.parametrize("path", ["cdoe", "parent.nmae", "code.name", "parents_id"])
def test_paths_that_do_not(path: str) -> None:
    assert not resolves(OrgUnit, path)


@pytest.mark.parametrize("declared", [
    {"columns": [Column("code"), Column("nmae", sort=None)]},
    {"detail_fields": ["parent.nmae"]},
    {"export_fields": ["cdoe"]},
    {"api_fields": ["id", "parnet_id"]},
])
def test_a_typo_in_a_declared_field_fails_start_up(declared: dict[str, Any]) -> None:
    errors = field_errors(unit_resource(**declared))
    assert ids(errors) == ["cnqp.E010"]
    assert "units-under-test" in errors[0].msg


def test_a_sort_must_be_something_the_database_sorts_by() -> None:
    resource = unit_resource(columns=[Column("code", sort="nmae")], default_sort="-kidn")
    assert ids(field_errors(resource)) == ["cnqp.E011", "cnqp.E011"]


def test_annotations_of_the_queryset_count_as_fields() -> None:
    from django.db.models import Count

    resource = unit_resource(columns=[Column("child_count", sort="child_count")],
                             base_queryset=lambda: OrgUnit.objects.annotate(
                                 child_count=Count("children")))
    assert field_errors(resource) == []


@pytest.mark.parametrize("declared", [
    {"columns": [Column("code"), Column("child_count", sort=None)]},
    {"detail_fields": ["code", "child_count"]},
    {"export_fields": ["code", "child_count"]},
])
def test_a_column_that_names_no_field_needs_a_label(declared: dict[str, Any]) -> None:
    """Else its header is its Python name, "child count", in the Vietnamese interface."""
    from django.db.models import Count

    resource = unit_resource(**declared, base_queryset=lambda: OrgUnit.objects.annotate(
        child_count=Count("children")))
    errors = header_errors(resource)
    assert ids(errors) == ["cnqp.E014"]
    assert "'child_count'" in errors[0].msg


def test_an_export_field_takes_the_label_its_column_declares() -> None:
    resource = unit_resource(columns=[Column("code"), Column("child_count", label="Đơn vị con")],
                             export_fields=["code", "child_count", "parent.name"])
    assert header_errors(resource) == []
    assert [c.header(OrgUnit) for c in resource.export_columns] == [
        str(OrgUnit._meta.get_field("code").verbose_name).capitalize(), "Đơn vị con",
        str(OrgUnit._meta.get_field("parent").verbose_name).capitalize()]


def _create_unit(actor: User, *, code: str, name: str, kind: str) -> OrgUnit:
    raise AssertionError("never called by the check")


def test_the_form_keys_must_be_the_services_keywords() -> None:
    # OrgUnitForm's keys include "parent", "domains", ...: this service takes none of them
    errors = operation_errors(unit_resource(form=OrgUnitForm, create=_create_unit))
    assert ids(errors) == ["cnqp.E012"]
    assert "are not parameters of _create_unit" in errors[0].msg


class _NoteForm(forms.Form):
    note = forms.CharField()


def _needs_a_date(actor: User, unit: OrgUnit, *, note: str, on_date: Any) -> OrgUnit:
    raise AssertionError("never called by the check")


def test_a_service_may_not_require_what_the_form_does_not_give() -> None:
    resource = unit_resource(actions=[Action("close", "core.change_orgunit", _needs_a_date,
                                             form=_NoteForm)])
    errors = operation_errors(resource)
    assert ids(errors) == ["cnqp.E012"]
    assert "requires ['on_date']" in errors[0].msg


def test_a_missing_detail_template_fails_start_up() -> None:
    assert ids(template_errors(unit_resource(detail_template="core/nowhere.html"))) == [
        "cnqp.E013"]


# --- the gate -----------------------------------------------------------------------------


def test_get_for_hides_before_it_forbids(org: Org, make_user: MakeUser) -> None:
    staff = make_user(["enterprise_staff"], org.enterprise_a)  # reads units, writes none
    with pytest.raises(Http404):
        org_units.get_for(staff, 10**9, "update")  # missing: 404, not 403
    with pytest.raises(PermissionDenied):
        org_units.get_for(staff, org.enterprise_a.pk, "update")
    assert org_units.get_for(staff, org.enterprise_a.pk) == org.enterprise_a


def test_browse_ends_every_order_with_the_primary_key(org: Org, admin_user: User) -> None:
    assert org_units.browse(admin_user, {"sort": "kind"}).queryset.query.order_by[-1] == "-pk"
    assert org_units.browse(admin_user, {}).queryset.query.order_by == ("path", "-pk")


def test_api_pages_sorted_on_a_repeated_value_neither_skip_nor_repeat(
        org: Org, admin_user: User, client_for: Any) -> None:
    for i in range(40):
        OrgUnitFactory(code=f"U{i:02d}", kind=OrgUnitKind.USER_UNIT, parent=org.root)
    client = client_for(admin_user)
    seen: list[int] = []
    for offset in range(0, 46, 7):
        page = client.get("/api/core/org-units", {"sort": "kind", "limit": 7,
                                                  "offset": offset}).json()
        seen += [item["id"] for item in page["items"]]
    assert sorted(seen) == sorted(OrgUnit.objects.values_list("pk", flat=True))


def test_perform_checks_the_permission_before_the_data(org: Org, make_user: MakeUser) -> None:
    staff = make_user(["enterprise_staff"], org.enterprise_a)
    with pytest.raises(PermissionDenied):
        org_units.perform(staff, "create", None, {"code": ""})  # invalid, but 403 first


def test_a_service_refusal_lands_on_the_form_and_keeps_its_field(org: Org,
                                                                 admin_user: User) -> None:
    data = {"code": "X1", "name": "Tổng cục khác", "kind": OrgUnitKind.DIRECTORATE,
            "parent": org.root.pk, "is_active": "on"}
    with pytest.raises(RecordInvalid) as caught:
        org_units.perform(admin_user, "create", None, data)
    refused = caught.value
    assert refused.refusal is not None  # the service said no, not the form
    assert "parent" in refused.form.errors  # shown again on the page, on its field
    assert set(refused.message_dict) == {"parent"}  # what the API answers


# --- the API's inputs -----------------------------------------------------------------------


def test_an_unknown_or_fixed_field_is_refused_by_name(org: Org, make_user: MakeUser,
                                                      client_for: Any) -> None:
    """`{"enterprise": false}` in an edit of a usage right was accepted and ignored: the
    enterprise of a right is fixed once granted, so the edit's schema has no such field."""
    qlcn = make_user(["department_staff"], org.department, Classification.SECRET)
    right = UsageRightFactory(document_set=DocumentSetFactory(owner_unit=org.enterprise_a),
                              enterprise=org.enterprise_a)
    client = client_for(qlcn)
    response = client.patch(f"/api/documents/usage-rights/{right.pk}",
                            data=json.dumps({"enterprise": False}),
                            content_type="application/json")
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["enterprise"]
    right.refresh_from_db()
    assert right.enterprise == org.enterprise_a


def test_a_partial_update_keeps_what_it_does_not_name(org: Org, admin_user: User) -> None:
    """What a JSON body leaves out keeps its value: the form is completed from the record."""
    unit = org_units.perform(admin_user, "update", org.enterprise_b,
                             {"name": "Nhà máy Z113 mới"}, partial=True)
    unit.refresh_from_db()
    assert (unit.name, unit.code, unit.parent, unit.is_active) == (
        "Nhà máy Z113 mới", "Z113", org.root, True)
