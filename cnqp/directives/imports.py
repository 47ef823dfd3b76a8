"""Imports of resolutions and their targets from XLSX or CSV through the register engine:
every row checked first (errors by row and column), then all written through the services in
one transaction, or nothing.

Two importers, run one after the other, because the engine reads one sheet per file:

- Directives: one directive per row. "Implements" and "continues" name a directive by its
  number: one already recorded (and visible to the importer), or one on an EARLIER row of the
  same file, written first (so a file lists 08-NQ/TW before the 147-NQ/ĐU that implements it).
  A number already recorded is refused, whether or not the importer may see it.
- Items and indicators: one indicator per row, under an item of an existing directive found by
  its number and the item's number as printed ("(1)", "2.3"). The first row naming a new item
  gives its kind and text and creates it; later rows may leave them empty. A row without an
  indicator name only creates the item. An indicator's figure is a key of the metric
  registry (`metrics.bindable`); its period defaults to the directive's.

Each row's unit must be one the importer acts for (their own or below, any unit for the roles
that see every unit), as the services require.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import Classification
from cnqp.core.figures import metrics
from cnqp.core.imports import (
    CellError,
    Choice,
    Column,
    Date,
    DecimalNumber,
    Importer,
    Outcome,
    Parser,
    Reference,
    Row,
    Text,
    cell_text,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import fold
from cnqp.core.units import units_in_reach
from cnqp.directives import services
from cnqp.directives.choices import DirectiveKind, ItemKind, TargetKind
from cnqp.directives.models import Directive, DirectiveItem, Indicator

# The Vietnamese words of the documents, whatever the interface's catalogue says
KIND = Choice(DirectiveKind, aliases={
    "Nghị quyết": DirectiveKind.RESOLUTION, "Chỉ thị": DirectiveKind.DIRECTIVE,
    "Kết luận": DirectiveKind.CONCLUSION,
    "Chương trình hành động": DirectiveKind.PROGRAMME, "Kế hoạch": DirectiveKind.PLAN,
    "Quyết định": DirectiveKind.DECISION})
ITEM_KIND = Choice(ItemKind, aliases={
    "Mục tiêu": ItemKind.OBJECTIVE, "Khâu đột phá": ItemKind.BREAKTHROUGH,
    "Trọng tâm công tác năm": ItemKind.PRIORITY, "Trọng tâm": ItemKind.PRIORITY,
    "Nhiệm vụ": ItemKind.TASK, "Giải pháp": ItemKind.SOLUTION})
TARGET_KIND = Choice(TargetKind, aliases={
    "Không thấp hơn": TargetKind.AT_LEAST, "Tối thiểu": TargetKind.AT_LEAST,
    "Không vượt quá": TargetKind.AT_MOST, "Tối đa": TargetKind.AT_MOST,
    "Không để xảy ra": TargetKind.ZERO, "Bằng không": TargetKind.ZERO,
    "Cao hơn kỳ so sánh": TargetKind.ABOVE_BASELINE,
    "Cao hơn giai đoạn trước": TargetKind.ABOVE_BASELINE,
    "Định tính": TargetKind.QUALITATIVE})


def _classification() -> Column[Parser]:
    # Required: an empty cell must never file a classified record as unclassified.
    return Column("classification", "Độ mật", Choice(Classification), required=True)


class MetricKey(Parser):
    """The key of a registered figure an indicator may be bound to (not a breakdown)."""

    empty = ""

    def parse(self, value: Any) -> str:
        key = cell_text(value).strip()
        if key not in {m.key for m in metrics.bindable()}:
            raise CellError(_("“%(value)s” is not a registered figure.") % {"value": key})
        return key

    def describe(self) -> str:
        return _("One of: %(keys)s") % {
            "keys": ", ".join(sorted(m.key for m in metrics.bindable()))}


def _period(row: Row, start: str, end: str, message: str) -> None:
    if row.get(start) is not None and row.get(end) is not None and row.get(end) < row.get(start):
        row.error(end, message)


# --- directives --------------------------------------------------------------------------------


class DirectiveImporter(Importer):
    name = "directives"
    label = gettext_lazy("Resolutions and directives")
    model = Directive
    permission = "directives.add_directive"
    sheet_title = "Nghị quyết, chỉ thị"
    match = "number"
    match_field = "number"
    level_column = "classification"
    columns = (
        Column("number", "Số, ký hiệu", Text(max_length=64), required=True, unique=True,
               help=gettext_lazy("As printed: 147-NQ/ĐU, 08-NQ/TW.")),
        Column("kind", "Loại văn bản", KIND, required=True),
        Column("issuer", "Cơ quan ban hành", Text(max_length=255), required=True),
        Column("owner_unit", "Đơn vị theo dõi", Reference(OrgUnit), required=True,
               help=gettext_lazy("Your unit or a unit below it.")),
        Column("issued_on", "Ngày ban hành", Date(), required=True),
        Column("title", "Trích yếu", Text(max_length=500), required=True),
        Column("summary", "Tóm tắt", Text(multiline=True)),
        Column("period_start", "Thời kỳ từ", Date(), required=True),
        Column("period_end", "Thời kỳ đến", Date(), required=True),
        Column("implements", "Thực hiện văn bản số", Text(max_length=64),
               help=gettext_lazy("The number of a directive already recorded or on an earlier "
                                 "row.")),
        Column("continues", "Kế tục văn bản số", Text(max_length=64),
               help=gettext_lazy("The number of a directive already recorded or on an earlier "
                                 "row.")),
        _classification(),
    )
    LINKS = ("implements", "continues")

    def prepare(self, rows: list[Row]) -> None:
        ids = {row.values["owner_unit"].pk for row in rows}
        self.may_own = set(units_in_reach(self.actor).filter(pk__in=ids)
                           .values_list("pk", flat=True))
        self.in_file = {row.values["number"]: row.number for row in rows}
        named = {row.get(key) for row in rows for key in self.LINKS} - {None, ""}
        self.recorded = {d.number: d for d in scope_queryset(
            Directive.objects.filter(number__in=named - set(self.in_file)), self.actor)}
        self.written: dict[str, Directive] = {}

    def validate_row(self, row: Row) -> None:
        v = row.values
        if row.existing is not None:
            # the same answer whether or not the importer may see it (numbers are unique
            # across the directorate; a hidden one is audited as a probe)
            row.error("number", _("This number is already recorded."))
        unit: OrgUnit = v["owner_unit"]
        if unit.pk not in self.may_own:
            row.error("owner_unit", _("%(code)s is not your unit or a unit below it.")
                      % {"code": unit.code})
        _period(row, "period_start", "period_end", _("The period ends before it starts."))
        for key in self.LINKS:
            number = v.get(key)
            if not number:
                continue
            line = self.in_file.get(number)
            if number == v["number"]:
                row.error(key, _("A directive cannot implement or continue itself."))
            elif line is not None and line > row.number:
                row.error(key, _("%(number)s is on a later row (%(row)d): put it above.")
                          % {"number": number, "row": line})
            elif line is None and number not in self.recorded:
                row.error(key, _("%(model)s “%(code)s” not found.")
                          % {"model": _("Resolution or directive"), "code": number})

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        links = {key: (self.written.get(v[key]) or self.recorded[v[key]]) if v.get(key)
                 else None for key in self.LINKS if row.has(key)}
        directive = services.create_directive(
            actor, kind=v["kind"], number=v["number"], issuer=v["issuer"],
            owner_unit=v["owner_unit"], issued_on=v["issued_on"], title=v["title"],
            summary=v.get("summary") or "", period_start=v["period_start"],
            period_end=v["period_end"], classification=v["classification"], **links)
        self.written[directive.number] = directive
        return Outcome.CREATED


# --- items and indicators ----------------------------------------------------------------------


class IndicatorImporter(Importer):
    name = "indicators"
    label = gettext_lazy("Items and indicators")
    model = Indicator
    permission = "directives.add_indicator"
    sheet_title = "Mục tiêu, chỉ tiêu"
    field_columns: ClassVar[dict[str, str]] = {
        "item": "item_ordinal", "kind": "item_kind", "text": "item_text", "ordinal":
        "item_ordinal"}
    columns = (
        Column("directive", "Số, ký hiệu văn bản",
               Reference(Directive, field="number", upper=False), required=True,
               help=gettext_lazy("A directive already recorded (import directives first).")),
        Column("item_ordinal", "Số thứ tự mục", Text(max_length=16), required=True,
               help=gettext_lazy("As printed: (1), 2.3. Rows with the same number share the "
                                 "item.")),
        Column("item_kind", "Loại mục", ITEM_KIND,
               help=gettext_lazy("Required on the first row of a new item.")),
        Column("item_text", "Nội dung mục", Text(multiline=True),
               help=gettext_lazy("Required on the first row of a new item.")),
        Column("name", "Tên chỉ tiêu", Text(max_length=500),
               help=gettext_lazy("Empty: the row only records the item.")),
        Column("metric_key", "Mã số liệu", MetricKey(),
               help=gettext_lazy("The registered figure it is measured by; empty for a "
                                 "qualitative indicator.")),
        Column("target_kind", "Loại chỉ tiêu", TARGET_KIND),
        Column("target_value", "Giá trị chỉ tiêu", DecimalNumber(max_digits=18,
                                                                 decimal_places=2)),
        Column("measure", "Đơn vị tính", Text(max_length=64),
               help=gettext_lazy("Empty: the figure's.")),
        Column("period_start", "Thời kỳ từ", Date(),
               help=gettext_lazy("Empty: the directive's.")),
        Column("period_end", "Thời kỳ đến", Date(),
               help=gettext_lazy("Empty: the directive's.")),
        Column("baseline_start", "Kỳ so sánh từ", Date()),
        Column("baseline_end", "Kỳ so sánh đến", Date()),
    )
    INDICATOR = ("metric_key", "target_kind", "target_value", "measure", "period_start",
                 "period_end", "baseline_start", "baseline_end")

    def prepare(self, rows: list[Row]) -> None:
        directives = {row.values["directive"].pk: row.values["directive"] for row in rows}
        owners = {d.owner_unit_id for d in directives.values()}
        self.may_write = set(units_in_reach(self.actor).filter(pk__in=owners)
                             .values_list("pk", flat=True))
        self.owners = OrgUnit.objects.in_bulk(owners)
        self.adds_items = self.actor.has_perm("directives.add_directiveitem")
        self.items: dict[tuple[int, str], DirectiveItem] = {}
        self.twice: set[tuple[int, str]] = set()
        for item in DirectiveItem.objects.filter(directive__in=list(directives)).order_by(
                "position", "pk"):
            key = (item.directive_id, item.ordinal)
            if key in self.items:
                self.twice.add(key)
            self.items.setdefault(key, item)
        self.named = {(directive, ordinal, fold(name)) for directive, ordinal, name in
                      Indicator.objects.filter(item__directive__in=list(directives))
                      .values_list("item__directive_id", "item__ordinal", "name")}
        self.first: dict[tuple[int, str], Row] = {}  # the row that creates a new item

    def validate_row(self, row: Row) -> None:
        v = row.values
        directive: Directive = v["directive"]
        if directive.owner_unit_id not in self.may_write:
            row.error("directive", _("You do not act for %(unit)s.")
                      % {"unit": self.owners[directive.owner_unit_id].name})
        self._validate_item(row, (directive.pk, v["item_ordinal"]))
        if not v.get("name"):
            for key in self.INDICATOR:
                if v.get(key) not in (None, ""):
                    row.error(key, _("Filled in, but “%(column)s” is empty.")
                              % {"column": self.headers["name"]})
            return
        name = (directive.pk, v["item_ordinal"], fold(v["name"]))
        if name in self.named:
            row.error("name", _("This item already has an indicator of this name."))
        self.named.add(name)
        self._validate_indicator(row, directive)

    def _validate_item(self, row: Row, key: tuple[int, str]) -> None:
        v = row.values
        item = self.items.get(key)
        if key in self.twice:
            row.error("item_ordinal", _("Two items of this directive have this number: add "
                                        "the indicator on the item's page."))
        elif item is not None:
            if v.get("item_kind") and v["item_kind"] != item.kind:
                row.error("item_kind", _("The item is recorded as %(kind)s.")
                          % {"kind": item.get_kind_display()})
            if v.get("item_text") and fold(v["item_text"]) != fold(item.text):
                row.error("item_text", _("The item is recorded with another text."))
        elif key in self.first:
            first = self.first[key]
            for column in ("item_kind", "item_text"):
                if v.get(column) and v[column] != first.values[column]:
                    row.error(column, _("Row %(row)d gives this item otherwise.")
                              % {"row": first.number})
        else:
            self.first[key] = row
            if not self.adds_items:
                row.error("item_ordinal", _("No such item, and you may not add items."))
            for column in ("item_kind", "item_text"):
                if not v.get(column):
                    row.error(column, _("Required for a new item."))

    def _validate_indicator(self, row: Row, directive: Directive) -> None:
        v = row.values
        kind = v.get("target_kind")
        if not kind:
            row.error("target_kind", _("Required with “%(column)s”.")
                      % {"column": self.headers["name"]})
        elif kind == TargetKind.QUALITATIVE:
            if v.get("metric_key"):
                row.error("metric_key", _("A qualitative indicator is assessed by a person: it "
                                          "names no figure."))
        elif not v.get("metric_key"):
            row.error("metric_key", _("Choose the figure it is measured by."))
        if kind in (TargetKind.AT_LEAST, TargetKind.AT_MOST) and v.get("target_value") is None:
            row.error("target_value", _("This target needs its value."))
        baseline = (v.get("baseline_start"), v.get("baseline_end"))
        if (baseline[0] is None) != (baseline[1] is None):
            row.error("baseline_end", _("Give both ends of the earlier period, or neither."))
        elif kind == TargetKind.ABOVE_BASELINE and baseline[0] is None:
            row.error("baseline_start", _("Say which period it must exceed."))
        _period(row, "baseline_start", "baseline_end", _("The period ends before it starts."))
        start: dt.date = v.get("period_start") or directive.period_start
        end: dt.date = v.get("period_end") or directive.period_end
        if end < start:
            row.error("period_end", _("The period ends before it starts."))

    def import_classification(self, rows: list[Row]) -> int:
        return max((int(row.values["directive"].classification) for row in rows), default=0)

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        directive: Directive = v["directive"]
        key = (directive.pk, v["item_ordinal"])
        created = False
        if key not in self.items:
            self.items[key] = services.create_item(
                actor, directive=directive, kind=v["item_kind"], text=v["item_text"],
                ordinal=v["item_ordinal"])
            created = True
        if v.get("name"):
            services.create_indicator(
                actor, item=self.items[key], name=v["name"], target_kind=v["target_kind"],
                metric_key=v.get("metric_key") or "", target_value=v.get("target_value"),
                measure=v.get("measure") or "", period_start=v.get("period_start"),
                period_end=v.get("period_end"), baseline_start=v.get("baseline_start"),
                baseline_end=v.get("baseline_end"))
            created = True
        return Outcome.CREATED if created else Outcome.UNCHANGED


IMPORTERS: dict[str, type[Importer]] = {
    DirectiveImporter.name: DirectiveImporter,
    IndicatorImporter.name: IndicatorImporter,
}
