"""Import of an existing register of awards (sổ khen thưởng) from XLSX or CSV through the
register engine: every row checked first (errors by row and column), then all written through
the services in one transaction, or nothing.

One award per row: the title or commendation by its name as the list of titles
writes it ("Bằng khen của Thủ tướng Chính phủ"), the recipient unit by its code (one the
importer acts for), the person for an individual's award (empty for a unit's), the movement
by its name (optional: one the importer may see), the decision."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.awards import services
from cnqp.awards.choices import RecipientKind
from cnqp.awards.models import Award, AwardTitle, Movement
from cnqp.core.choices import Classification
from cnqp.core.imports import (
    Choice,
    Column,
    Date,
    Importer,
    Outcome,
    Reference,
    Row,
    Text,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import fold
from cnqp.core.units import units_in_reach


class AwardImporter(Importer):
    name = "awards"
    label = gettext_lazy("Awards")
    model = Award
    permission = "awards.add_award"
    sheet_title = "Khen thưởng"
    level_column = "classification"
    columns = (
        Column("title", "Danh hiệu hoặc hình thức khen thưởng",
               Reference(AwardTitle, field="name", upper=False), required=True,
               help=gettext_lazy("Its name as the list of award titles writes it.")),
        Column("unit", "Đơn vị", Reference(OrgUnit), required=True,
               help=gettext_lazy("The recipient unit, or the unit of the person: yours or one "
                                 "below it.")),
        Column("person_name", "Họ và tên", Text(max_length=255),
               help=gettext_lazy("Empty for an award to the unit as a whole.")),
        Column("person_position", "Chức vụ", Text(max_length=255)),
        Column("movement", "Phong trào thi đua",
               Reference(Movement, field="name", upper=False)),
        Column("authority", "Cấp quyết định", Text(max_length=255), required=True),
        Column("decision_number", "Số quyết định", Text(max_length=64), required=True),
        Column("decision_date", "Ngày quyết định", Date(), required=True),
        Column("reason", "Thành tích", Text(multiline=True)),
        # Required: an empty cell must never file a classified record as unclassified.
        Column("classification", "Độ mật", Choice(Classification), required=True),
    )

    def prepare(self, rows: list[Row]) -> None:
        ids = {row.values["unit"].pk for row in rows}
        self.may_own = set(units_in_reach(self.actor).filter(pk__in=ids)
                           .values_list("pk", flat=True))
        self.today = timezone.localdate()
        seen: dict[tuple[Any, ...], int] = {}
        self.repeated: dict[int, int] = {}
        for row in rows:
            v = row.values
            key = (v["title"].pk, v["unit"].pk, fold(v.get("person_name") or ""),
                   v["decision_number"])
            if key in seen:
                self.repeated[row.number] = seen[key]
            seen.setdefault(key, row.number)

    def validate_row(self, row: Row) -> None:
        v = row.values
        unit: OrgUnit = v["unit"]
        title: AwardTitle = v["title"]
        if unit.pk not in self.may_own:
            row.error("unit", _("%(code)s is not your unit or a unit below it.")
                      % {"code": unit.code})
        named = bool(v.get("person_name"))
        if title.recipient_kind == RecipientKind.INDIVIDUAL and not named:
            row.error("person_name", _("%(title)s is conferred on individuals: name the "
                                       "person.") % {"title": title.name})
        elif title.recipient_kind == RecipientKind.COLLECTIVE and named:
            row.error("person_name", _("%(title)s is conferred on collectives: leave the "
                                       "person empty.") % {"title": title.name})
        if v["decision_date"] > self.today:
            row.error("decision_date", _("The date cannot be in the future."))
        if row.number in self.repeated:
            row.error("decision_number", _("The same award is on row %(row)d.")
                      % {"row": self.repeated[row.number]})

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        services.create_award(
            actor, title=v["title"], unit=v["unit"], person_name=v.get("person_name") or "",
            person_position=v.get("person_position") or "", movement=v.get("movement"),
            authority=v["authority"], decision_number=v["decision_number"],
            decision_date=v["decision_date"], reason=v.get("reason") or "",
            classification=v["classification"])
        return Outcome.CREATED


IMPORTERS: dict[str, type[Importer]] = {AwardImporter.name: AwardImporter}
