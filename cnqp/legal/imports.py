"""Import of the register of the sector's legal documents (hệ thống văn bản quy phạm pháp
luật) from XLSX or CSV through the register engine: every row checked first (errors by row and
column), then all written through the services in one transaction, or nothing.

One document per row: its number and symbol as printed ("15/2021/TT-BQP", once in the file and
the register), its kind and status by their names, the unit responsible by its code (one the
importer acts for), the dates (none in the future; a replaced or repealed document says from
when it is no longer in force)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.choices import Classification
from cnqp.core.imports import Choice, Column, Date, Importer, Outcome, Reference, Row, Text
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import fold
from cnqp.core.units import units_in_reach
from cnqp.legal import services
from cnqp.legal.choices import IN_FORCE, DocumentKind, InstrumentStatus
from cnqp.legal.models import LegalInstrument


class LegalInstrumentImporter(Importer):
    name = "legal_instruments"
    label = gettext_lazy("Register of legal documents")
    model = LegalInstrument
    match = "number"  # finds a document already recorded (hidden ones are audited as probes)
    match_field = "number"
    updates = False  # a register of issued documents: a number taken is an error, never an update
    permission = "legal.add_legalinstrument"
    sheet_title = "Văn bản QPPL"
    level_column = "classification"
    columns = (
        Column("number", "Số, ký hiệu", Text(max_length=64, upper=True), required=True,
               help=gettext_lazy("As printed: 15/2021/TT-BQP.")),
        Column("kind", "Loại văn bản", Choice(DocumentKind), required=True),
        Column("title", "Trích yếu", Text(max_length=500), required=True),
        Column("authority", "Cơ quan ban hành", Text(max_length=255), required=True),
        Column("issued_on", "Ngày ban hành", Date(), required=True),
        Column("effective_from", "Ngày có hiệu lực", Date(),
               help=gettext_lazy("Empty: the day it was issued.")),
        Column("status", "Tình trạng", Choice(InstrumentStatus), required=True),
        Column("ended_on", "Ngày hết hiệu lực", Date(),
               help=gettext_lazy("For a replaced or repealed document.")),
        Column("review_due_on", "Hạn rà soát", Date(),
               help=gettext_lazy("Empty: five years after it took effect.")),
        Column("unit", "Đơn vị chủ trì", Reference(OrgUnit), required=True,
               help=gettext_lazy("The unit responsible: yours or one below it.")),
        Column("notes", "Ghi chú", Text(multiline=True)),
        # Required: an empty cell must never file a classified record as unclassified.
        Column("classification", "Độ mật", Choice(Classification), required=True),
    )

    def prepare(self, rows: list[Row]) -> None:
        ids = {row.values["unit"].pk for row in rows}
        self.may_own = set(units_in_reach(self.actor).filter(pk__in=ids)
                           .values_list("pk", flat=True))
        self.today = timezone.localdate()
        seen: dict[str, int] = {}
        self.repeated: dict[int, int] = {}
        for row in rows:
            key = fold(row.values["number"])
            if key in seen:
                self.repeated[row.number] = seen[key]
            seen.setdefault(key, row.number)

    def validate_row(self, row: Row) -> None:
        v: dict[str, Any] = row.values
        unit: OrgUnit = v["unit"]
        if unit.pk not in self.may_own:
            row.error("unit", _("%(code)s is not your unit or a unit below it.")
                      % {"code": unit.code})
        if row.existing is not None:
            row.error("number", _("This number is already recorded."))
        elif row.number in self.repeated:
            row.error("number", _("The same document is on row %(row)d.")
                      % {"row": self.repeated[row.number]})
        for name in ("issued_on", "ended_on"):
            if v.get(name) and v[name] > self.today:
                row.error(name, _("The date cannot be in the future."))
        effective = v.get("effective_from") or v["issued_on"]
        if effective < v["issued_on"]:
            row.error("effective_from", _("A document takes effect on or after the day it is "
                                          "issued."))
        ended = v["status"] not in IN_FORCE
        if ended and not v.get("ended_on"):
            row.error("ended_on", _("Say from when a replaced or repealed document is no "
                                    "longer in force."))
        elif not ended and v.get("ended_on"):
            row.error("ended_on", _("A document in force has no end: leave this empty."))
        elif v.get("ended_on") and v["ended_on"] < effective:
            row.error("ended_on", _("It ends after it took effect."))
        if v.get("review_due_on") and v["review_due_on"] < effective:
            row.error("review_due_on", _("A review falls after the document took effect."))

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        services.create_instrument(
            actor, number=v["number"], kind=v["kind"], title=v["title"],
            authority=v["authority"], issued_on=v["issued_on"],
            effective_from=v.get("effective_from"), status=v["status"],
            ended_on=v.get("ended_on"), review_due_on=v.get("review_due_on"), unit=v["unit"],
            notes=v.get("notes") or "", classification=v["classification"])
        return Outcome.CREATED


IMPORTERS: dict[str, type[Importer]] = {LegalInstrumentImporter.name: LegalInstrumentImporter}
