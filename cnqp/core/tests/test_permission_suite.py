"""The generic permission suite. For every registered resource (every app's `resources.py`) and
every role that may view it, it builds two records with the model's factory: one the probing
user must not see (owned by another unit, or classified above their clearance) and one they
must see (the positive control, so the suite cannot pass by showing nothing). It then asserts,
through every channel, that the hidden record does not exist for that user: list, count,
search, export (CSV and XLSX), detail, edit, delete, and the API list, count, detail, update
and delete. New models are probed without new test code.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook

from cnqp.core.access.roles import ROLES
from cnqp.core.access.scoping import scope_of
from cnqp.core.choices import Classification
from cnqp.core.records.registry import resources
from cnqp.core.records.resource import Resource
from cnqp.core.testing.factories import factory_for
from cnqp.core.tests.probe_setup import ProbeWorld

TOKEN = "probetok"


@dataclass(frozen=True)
class Probe:
    resource: Resource
    role: str
    kind: str  # "other-unit" or "lower-clearance"

    def __str__(self) -> str:
        return f"{self.resource.app_label}.{self.resource.slug}-{self.role}-{self.kind}"


def probes() -> list[Probe]:
    out = []
    for resource in resources():
        scope = scope_of(resource.model)
        for code, role in ROLES.items():
            if scope.unit is not None and not (role.sees_all_units and scope.directorate_wide):
                out.append(Probe(resource, code, "other-unit"))
            if scope.classification is not None:
                out.append(Probe(resource, code, "lower-clearance"))
    return out


def _create(resource: Resource, **kwargs: Any) -> Model:
    factory = factory_for(resource.model)
    search_fields = getattr(resource.model, "search_fields", ())
    if resource.searchable and search_fields:
        kwargs.setdefault(search_fields[0], f"{TOKEN}{kwargs.pop('_suffix')}")
    kwargs.pop("_suffix", None)
    return factory(**kwargs)


def _records(probe: Probe, org: Any, user: Any) -> tuple[Model, Model]:
    """(hidden, visible) records for the probing user."""
    scope = scope_of(probe.resource.model)
    owner_kwargs: dict[str, Any] = {}
    if probe.kind == "other-unit":
        assert scope.unit is not None
        key = "parent" if scope.unit == "self" else scope.unit
        hidden = _create(probe.resource, _suffix="h", **{key: org.enterprise_b})
        visible = _create(probe.resource, _suffix="v", **{key: org.workshop_a1})
        return hidden, visible
    assert scope.classification is not None
    if scope.unit is not None and scope.unit != "self":
        owner_kwargs[scope.unit] = user.org_unit
    hidden = _create(probe.resource, _suffix="h", **owner_kwargs,
                     **{scope.classification: Classification.SECRET})
    visible = _create(probe.resource, _suffix="v", **owner_kwargs,
                      **{scope.classification: Classification.UNCLASSIFIED})
    return hidden, visible


def _url(resource: Resource, action: str, *args: Any) -> str | None:
    try:
        return reverse(resource.url_name(action), args=args)
    except NoReverseMatch:
        return None


def _csv_rows(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def _xlsx_rows(response: Any) -> int:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return sum(1 for _ in sheet.iter_rows(min_row=2))


@pytest.mark.parametrize("probe", probes(), ids=str)
def test_hidden_record_does_not_exist_for_user(probe: Probe, probe_world: ProbeWorld,
                                               db: None) -> None:
    resource = probe.resource
    user = probe_world.users[probe.role, probe.kind]
    hidden, visible = _records(probe, probe_world.org, user)
    client = probe_world.clients[probe.role, probe.kind]
    if not user.has_perm(resource.perm("view")):
        assert_sees_nothing(resource, client, user, [hidden, visible])
        return

    # The selector: the one mechanism everything else goes through.
    visible_pks = set(resource.queryset(user).values_list("pk", flat=True))
    assert hidden.pk not in visible_pks
    assert visible.pk in visible_pks, "positive control: the probing user must see this one"

    hidden_url = _url(resource, "detail", hidden.pk)
    visible_url = _url(resource, "detail", visible.pk)
    list_url = _url(resource, "list")
    assert list_url and hidden_url and visible_url

    # List and count.
    page = client.get(list_url, {"per_page": 100})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{hidden_url}"' not in html
    assert f'href="{visible_url}"' in html
    assert page.context["page"].paginator.count == len(visible_pks)

    # Search.
    searching = resource.searchable and getattr(resource.model, "search_fields", ())
    if searching:
        found = client.get(list_url, {"q": TOKEN, "per_page": 100})
        assert found.context["page"].paginator.count == 1
        assert f'href="{visible_url}"' in found.content.decode()

    # Exports, with the same filters as the list.
    # (Without a search, count again before each request: an export is itself audited, and
    # the audit log is one of the resources.)
    query = {"q": TOKEN} if searching else {}

    def expected_rows() -> int:
        return 1 if searching else resource.queryset(user).count()

    rows = expected_rows()
    exported = client.get(list_url, {**query, "export": "csv"})
    assert exported.status_code == 200
    assert len(_csv_rows(exported)) == rows
    rows = expected_rows()
    assert _xlsx_rows(client.get(list_url, {**query, "export": "xlsx"})) == rows

    # Detail, edit and delete: 404, never 403, so existence is not revealed.
    assert client.get(hidden_url).status_code == 404
    assert client.get(visible_url).status_code == 200
    for action in ("edit", "delete"):
        url = _url(resource, action, hidden.pk)
        if url:
            assert client.get(url).status_code == 404
            assert client.post(url, {}).status_code == 404

    # The API, under the same rules.
    api_list = f"/api/{resource.app_label}/{resource.slug}"
    rows = expected_rows()
    answer = client.get(api_list, {"limit": 500, **query})
    assert answer.status_code == 200, answer.content
    ids = {item["id"] for item in answer.json()["items"]}
    assert hidden.pk not in ids
    assert visible.pk in ids
    assert answer.json()["count"] == rows
    assert client.get(f"{api_list}/{hidden.pk}").status_code == 404
    assert client.get(f"{api_list}/{visible.pk}").status_code == 200
    assert client.patch(f"{api_list}/{hidden.pk}", {}, content_type="application/json"
                        ).status_code in (404, 405)
    assert client.delete(f"{api_list}/{hidden.pk}").status_code in (404, 405)


def assert_sees_nothing(resource: Resource, client: Any, user: Any,
                        records: list[Model]) -> None:
    """A role without the view permission gets an empty list and 404s, through every channel."""
    assert not resource.queryset(user).exists()
    list_url = _url(resource, "list")
    page = client.get(list_url)
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 0
    assert len(_csv_rows(client.get(list_url, {"export": "csv"}))) == 0
    api_list = f"/api/{resource.app_label}/{resource.slug}"
    assert client.get(api_list).json()["count"] == 0
    for record in records:
        assert client.get(_url(resource, "detail", record.pk)).status_code == 404
        assert client.get(f"{api_list}/{record.pk}").status_code == 404


def test_every_resource_is_probed() -> None:
    """A resource that no probe reaches would be unguarded: each must be scoped by unit or by
    classification, or be reference data that declares neither on purpose."""
    for resource in resources():
        scope = scope_of(resource.model)
        assert scope.unit is not None or scope.classification is not None or \
            resource.model._meta.label in REFERENCE_DATA, resource.model._meta.label


# Models every signed-in user may read by design (no owner unit, no classification).
# Inspection templates and their characteristics are the acceptance criteria taken from the
# design and technology documents: set by the directorate, shared by every enterprise (the
# one judged must not write its own limits), and read by all, as the product catalogue is.
# Safety's dated reference data (categories, regimes, courses, severity classes...) and the
# legal texts they rest on are the directorate's safety department's, read by every unit.
# The performance returns' indicators and schedules and the investment programmes are the
# common form every enterprise files against; the award titles are the emulation law's list.
REFERENCE_DATA = {"core.OrgUnit", "documents.ProductType", "production.InspectionTemplate",
                  "production.Characteristic", "safety.LegalBasis", "safety.AssetCategory",
                  "safety.InspectionRegime", "safety.TrainingGroup", "safety.Course",
                  "safety.IncidentKind", "safety.SeverityClass", "safety.CauseCode",
                  "safety.InjuryFactor", "safety.ChecklistCriterion", "performance.Indicator",
                  "performance.Schedule", "performance.Programme", "awards.AwardTitle"}
