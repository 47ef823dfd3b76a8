"""The interface speaks Vietnamese on every page a registered resource has, by construction.

For a user who may see everything (the system administrator, at the directorate, with top
clearance) and one record per registered resource made by its factory, every resource's list
page, detail page (the change history included: an update naming every field is written for
each record), CSV and XLSX export, and the 403 and 404 pages are rendered in the default
language, their visible text extracted with an HTML parser (no script, style, code, pre or
attributes), and held to four rules, each failure naming the page and the string:

- no Python identifier (`snake_case`) in visible text: a header or label fell back to an
  attribute's name;
- no raw choice value where its label belongs;
- no English tell-tale word (a title built with `_()` inside an f-string, which makemessages
  never extracts; a `None`, `True` or `False` printed as such);
- no year grouped as a number (2.026) and no decimal unnormalised (12,500000).

One request per page; the records are built once for the module.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Model, SlugField
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from cnqp.conftest import build_org, create_user, logged_in
from cnqp.core import audit
from cnqp.core.access.scoping import scope_of
from cnqp.core.choices import AuditAction, Classification
from cnqp.core.records.registry import resources
from cnqp.core.records.resource import Resource
from cnqp.core.testing.factories import factory_for, load_all, project_models

# --- what visible text is ------------------------------------------------------------------

# elements whose text a reader does not read as the interface's words
SKIPPED = {"script", "style", "code", "pre", "template", "svg"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in SKIPPED:
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    """The page's text nodes as a reader sees them (attributes, scripts and code left out)."""
    parser = _Text()
    parser.feed(html)
    return parser.parts


# --- the rules -------------------------------------------------------------------------------

IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")
# English a Vietnamese page should never show; "None/True/False" are Python's values printed
TELLTALE = re.compile(r"\b(Production|Inspection|Delivery|count|progress|display|label|"
                      r"overdue|None|True|False|Not Found|Forbidden)\b")
GROUPED_YEAR = re.compile(r"(?<![\d.,])2\.0\d\d(?![\d.,])")  # 2.026: a year as a quantity
# 12,500000: a Decimal as stored, not 12,5 (a figure rounded to one or two places may end in 0)
UNNORMALISED = re.compile(r"(?<![\d.,])\d+,\d{2,}0(?![\d.,])")


@dataclass
class Findings:
    by_kind: dict[str, list[str]] = field(default_factory=dict)
    # Allowed identifiers, each for a reason: the keys stored in a slug field (an indicator's
    # "revenue_defence", which formulas and the returns' workbooks name) are data a person
    # typed and reads as such, not a label that fell back to a Python name.
    keys: frozenset[str] = frozenset()

    def add(self, kind: str, where: str, text: str) -> None:
        self.by_kind.setdefault(kind, []).append(f"{where}: {text!r}")

    def check(self, where: str, texts: list[str], choice_values: Collection[str] = ()) -> None:
        for text in texts:
            for match in IDENTIFIER.finditer(text):
                if match.group() not in self.keys:
                    self.add("identifier", where, match.group())
            for match in TELLTALE.finditer(text):
                self.add("english", where, f"{match.group()} in {text[:80]}")
            for match in GROUPED_YEAR.finditer(text):
                self.add("grouped year", where, f"{match.group()} in {text[:80]}")
            for match in UNNORMALISED.finditer(text):
                self.add("unnormalised decimal", where, f"{match.group()} in {text[:80]}")
            for value in choice_values:
                if re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text):
                    self.add("choice value", where, f"{value} in {text[:80]}")

    def report(self) -> str:
        lines = []
        for kind, found in sorted(self.by_kind.items()):
            lines.append(f"{kind}: {len(found)}")
            lines += [f"  {f}" for f in sorted(set(found))]
        return "\n".join(lines)


def slug_keys() -> frozenset[str]:
    """Every value stored in a slug field of the project's models (see Findings.keys)."""
    return frozenset(value for model in project_models() for f in model._meta.concrete_fields
                     if isinstance(f, SlugField)
                     for value in model._default_manager.values_list(f.name, flat=True))


def stored_changes(cells: list[str]) -> list[str]:
    """The cells of an audit log export but its entries' changes: those are the record as it
    was stored (JSON keyed by field names, codes as stored), the evidence `verify_audit`
    checks, exported as they are on purpose."""
    return [cell for cell in cells if not cell.startswith("{")]


def choice_values(obj: Model) -> set[str]:
    """The stored codes of the record's choice fields that differ from their labels (a code
    of three letters or more: shorter ones are too common inside words to tell apart)."""
    out = set()
    for f in obj._meta.concrete_fields:
        if not f.choices:
            continue
        value = getattr(obj, f.attname)
        label = dict(f.flatchoices).get(value)
        if isinstance(value, str) and len(value) >= 3 and value not in str(label):
            out.add(value)
    return out


# --- the world -------------------------------------------------------------------------------

@dataclass(frozen=True)
class World:
    client: Client
    records: dict[str, Model]  # resource key → its record
    stranger: Client  # a user who may do little: for the 403 page
    keys: frozenset[str]  # slug_keys()


def key(resource: Resource) -> str:
    return f"{resource.app_label}.{resource.slug}"


def _parents_first(found: list[Resource]) -> list[Resource]:
    """The resources ordered so that a record's parents (its foreign keys' resources) are
    made before it."""
    models = {r.model for r in found}
    ordered: list[Resource] = []
    placed: set[type[Model]] = set()
    pending = list(found)
    while pending:
        ready = [r for r in pending if all(
            f.related_model in placed or f.related_model not in models
            or f.related_model is r.model for f in r.model._meta.concrete_fields
            if f.many_to_one)] or pending[:1]  # a cycle: take one as it comes
        for resource in ready:
            ordered.append(resource)
            placed.add(resource.model)
            pending.remove(resource)
    return ordered


def _record(resource: Resource, org: Any, made: dict[type[Model], Model]) -> Model:
    """A record by the resource's factory, in enterprise A, hung off the records already made
    (an inspection of the plan's..., a characteristic of the template): so that a detail page
    shows its related records as the demo's would."""
    scope = scope_of(resource.model)
    kwargs: dict[str, Any] = {}
    if scope.unit is not None and scope.unit != "self" and "__" not in scope.unit:
        kwargs[scope.unit] = org.enterprise_a
    # not its recipient: a record for one user is hidden from the admin reading the pages
    parents = {f.name: made[f.related_model] for f in resource.model._meta.concrete_fields
               if f.many_to_one and f.related_model in made and f.name not in kwargs
               and f.name != scope.recipient}
    factory = factory_for(resource.model)
    try:
        with transaction.atomic():
            return factory(**kwargs, **parents)  # type: ignore[no-any-return]
    except Exception:  # parents the factory's own choices do not fit: its own parents
        return factory(**kwargs)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers), \
            transaction.atomic():
        # the same records whatever ran before in this process: a sequence that had reached
        # 1050 would make an "order" of 2050, and a page that reads like a grouped year
        for factory in load_all().values():
            factory.reset_sequence(force=True)
        org = build_org()
        admin = create_user(["admin"], org.root, Classification.TOP_SECRET, username="vi-admin")
        records: dict[str, Model] = {}
        made: dict[type[Model], Model] = {}
        for resource in _parents_first(list(resources())):
            obj = made[resource.model] = _record(resource, org, made)
            # an update naming every field: the history panel describes each of them
            audit.record(AuditAction.UPDATE, actor=admin, obj=obj,
                         changes={k: [None, v] for k, v in audit.snapshot(obj).items()})
            records[key(resource)] = obj
        stranger = create_user(["user_unit_staff"], org.user_unit, Classification.UNCLASSIFIED,
                               username="vi-stranger")
        yield World(logged_in(admin), records, logged_in(stranger), slug_keys())
        transaction.set_rollback(True)


def _csv_texts(response: Any) -> tuple[list[str], list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], [cell for row in rows[1:] for cell in row]


def _xlsx_header(response: Any) -> list[str]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    first = next(sheet.iter_rows(max_row=1, values_only=True))
    return [str(v) for v in first if v is not None]


RESOURCES = sorted(resources(), key=key)


@pytest.mark.parametrize("resource", RESOURCES, ids=key)
def test_resource_pages_speak_vietnamese(resource: Resource, world: World, db: None) -> None:
    obj = world.records[key(resource)]
    codes = choice_values(obj)
    findings = Findings(keys=world.keys)
    list_url = reverse(resource.url_name("list"))
    page = world.client.get(list_url)
    assert page.status_code == 200
    findings.check(f"list {list_url}", visible_text(page.content.decode()), codes)
    detail_url = reverse(resource.url_name("detail"), args=[obj.pk])
    page = world.client.get(detail_url)
    assert page.status_code == 200, detail_url
    findings.check(f"detail {detail_url}", visible_text(page.content.decode()), codes)
    headers, cells = _csv_texts(world.client.get(list_url, {"export": "csv"}))
    findings.check(f"csv header {list_url}", headers)
    if resource.model._meta.label == "core.AuditEntry":
        cells = stored_changes(cells)
    findings.check(f"csv cells {list_url}", cells, codes)
    findings.check(f"xlsx header {list_url}",
                   _xlsx_header(world.client.get(list_url, {"export": "xlsx"})))
    if findings.by_kind:
        pytest.fail(findings.report(), pytrace=False)


def test_error_pages_speak_vietnamese(world: World, db: None) -> None:
    findings = Findings()
    missing = world.client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404
    findings.check("404", visible_text(missing.content.decode()))
    assert gettext("Page not found") in visible_text(missing.content.decode())
    refused = world.stranger.get(reverse("production:plans-create"))
    assert refused.status_code == 403
    findings.check("403", visible_text(refused.content.decode()))
    assert gettext("Access denied") in visible_text(refused.content.decode())
    anonymous = Client().get("/khong-co-trang-nay/")  # on the log-in page's card
    assert anonymous.status_code == 404
    findings.check("404 signed out", visible_text(anonymous.content.decode()))
    assert gettext("Page not found") in visible_text(anonymous.content.decode())
    if findings.by_kind:
        pytest.fail(findings.report(), pytrace=False)


def test_an_order_is_not_a_job_title() -> None:
    """A characteristic's place in its template was labelled "Chức vụ": the msgid "position"
    is a person's job title."""
    from cnqp.core.models import User
    from cnqp.production.models import Characteristic

    order = Characteristic._meta.get_field("position").verbose_name
    assert str(order) != str(User._meta.get_field("title").verbose_name)


# the pages of figures beside the records' pages: the home's dashboard, each app's figures and
# board, the report page and its preview (the records above give them something to count)
FIGURE_PAGES = ["core:home", "core:my-work", "research:pipeline", "research:figures",
                "production:board", "quality:figures", "safety:figures",
                "safety:accident-summary", "reports:builder"]


@pytest.mark.parametrize("name", FIGURE_PAGES)
def test_figure_pages_speak_vietnamese(name: str, world: World, db: None) -> None:
    findings = Findings(keys=world.keys)
    url = reverse(name)
    page = world.client.get(url)
    assert page.status_code == 200, url
    findings.check(url, visible_text(page.content.decode()))
    if name == "reports:builder":  # what the report will say, before it is generated
        sections = re.findall(r'name="sections" value="([^"]+)"', page.content.decode())
        assert sections
        query: dict[str, Any] = {
            "kind": "annual", "year": 2024, "date": "05/01/2025", "place": "Hà Nội",
            "formats": ["docx"], "signer_position": "CHỦ NHIỆM", "signer_name": "Nguyễn Văn A",
            "sections": sections}
        preview = world.client.get(reverse("reports:preview"), query)
        assert preview.status_code == 200
        findings.check("report preview", visible_text(preview.content.decode()))
    if findings.by_kind:
        pytest.fail(findings.report(), pytrace=False)
