"""Import of existing registers from XLSX or CSV through the register engine: every row
checked first (errors by row and column), then all written through the services in one
transaction, or nothing.

- agreements (sổ theo dõi thỏa thuận hợp tác): one agreement per row; one already recorded
  (same partner, subject and signing date, among those the importer sees) or twice in the
  file is refused;
- export contracts (sổ hợp đồng xuất khẩu): one contract per row, its number once per
  enterprise (in the file and among the enterprise's contracts);
- exhibitions and their participations: one participating unit per row; the rows naming the
  same event (name and start date) make one exhibition, created with the first of them (and
  they must agree on its kind, place, dates, lead unit and level; a domestic one is held in
  Việt Nam). A row naming an event already recorded (among those the importer sees): adding
  and updating, its unit joins that event (once); adding new only, it is refused.

Units are named by code: one the importer acts for (a participating unit: one they act for,
or any unit when they act for the event's lead unit)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.cooperation import services
from cnqp.cooperation.choices import AgreementKind, AgreementStatus, ContractCategory, EventKind
from cnqp.cooperation.models import Agreement, Exhibition, ExhibitionEntry, ExportContract
from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import Classification
from cnqp.core.imports import (
    Boolean,
    Choice,
    Column,
    Date,
    DecimalNumber,
    Importer,
    ImportMode,
    Integer,
    Outcome,
    Reference,
    Row,
    RowFailed,
    Text,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import fold, format_date
from cnqp.core.units import units_in_reach

# The Vietnamese words of the registers, whatever the interface's catalogue says
KIND = Choice(AgreementKind, aliases={
    "Thỏa thuận": AgreementKind.AGREEMENT, "Thoả thuận": AgreementKind.AGREEMENT,
    "Biên bản ghi nhớ": AgreementKind.MEMORANDUM, "MOU": AgreementKind.MEMORANDUM,
    "Kế hoạch cụ thể hóa": AgreementKind.PLAN, "Kế hoạch": AgreementKind.PLAN,
    "Hợp đồng hợp tác": AgreementKind.CONTRACT})
STATUS = Choice(AgreementStatus, aliases={
    "Đang đàm phán": AgreementStatus.NEGOTIATING, "Có hiệu lực": AgreementStatus.IN_FORCE,
    "Đã ký": AgreementStatus.IN_FORCE, "Hết hiệu lực": AgreementStatus.EXPIRED,
    "Chấm dứt": AgreementStatus.TERMINATED})
CATEGORY = Choice(ContractCategory, aliases={
    "Sản phẩm quốc phòng": ContractCategory.DEFENCE, "Quốc phòng": ContractCategory.DEFENCE,
    "Sản phẩm kinh tế": ContractCategory.ECONOMIC, "Kinh tế": ContractCategory.ECONOMIC})
EVENT = Choice(EventKind, aliases={
    "Diễn đàn": EventKind.FORUM, "Triển lãm": EventKind.EXHIBITION, "Hội chợ": EventKind.FAIR})
LEVEL = Choice(Classification)


class _UnitsImporter(Importer):
    unit_columns: tuple[str, ...] = ()

    def prepare(self, rows: list[Row]) -> None:
        ids = {row.values[key].pk for row in rows for key in self.unit_columns
               if row.values.get(key) is not None}
        self.may_own = set(units_in_reach(self.actor).filter(pk__in=ids)
                           .values_list("pk", flat=True))
        self.today = timezone.localdate()

    def check_unit(self, row: Row, key: str) -> bool:
        unit: OrgUnit = row.values[key]
        if unit.pk not in self.may_own:
            row.error(key, _("%(code)s is not your unit or a unit below it.")
                      % {"code": unit.code})
            return False
        return True

    def check_past(self, row: Row, key: str) -> None:
        value = row.values.get(key)
        if value is not None and value > self.today:
            row.error(key, _("The date cannot be in the future."))


def agreement_key(partner: str, subject: str, signed_on: Any) -> tuple[str, str, Any]:
    return fold(partner), fold(subject), signed_on


class AgreementImporter(_UnitsImporter):
    name = "agreements"
    label = gettext_lazy("Cooperation agreements")
    model = Agreement
    permission = "cooperation.add_agreement"
    sheet_title = "Thỏa thuận hợp tác"
    level_column = "classification"
    unit_columns = ("lead_unit",)
    columns = (
        Column("country", "Nước", Text(max_length=100), required=True),
        Column("partner", "Đối tác", Text(max_length=255)),
        Column("subject", "Nội dung", Text(max_length=500), required=True),
        Column("kind", "Loại văn bản", KIND, required=True,
               help=gettext_lazy("Thỏa thuận, biên bản ghi nhớ, kế hoạch cụ thể hóa or hợp "
                                 "đồng hợp tác.")),
        Column("status", "Tình trạng", STATUS, required=True),
        Column("signed_on", "Ngày ký", Date()),
        Column("valid_until", "Hiệu lực đến", Date()),
        Column("lead_unit", "Đơn vị chủ trì", Reference(OrgUnit), required=True,
               help=gettext_lazy("Your unit or a unit below it.")),
        Column("note", "Ghi chú", Text(multiline=True)),
        # Required: an empty cell must never file a classified record as unclassified.
        Column("classification", "Độ mật", LEVEL, required=True),
    )

    def prepare(self, rows: list[Row]) -> None:
        """The agreements already recorded (partner, subject and signing date), among those
        the importer may see: a second copy is refused, not written twice."""
        super().prepare(rows)
        dates = {row.values.get("signed_on") for row in rows}
        when = Q(signed_on__in=[d for d in dates if d is not None])
        if None in dates:
            when |= Q(signed_on__isnull=True)
        subjects = {fold(row.values["subject"]) for row in rows}
        self.recorded = {
            key for key in (agreement_key(partner, subject, signed_on) for partner, subject,
                            signed_on in scope_queryset(Agreement.objects.filter(when),
                                                        self.actor)
                            .values_list("partner", "subject", "signed_on"))
            if key[1] in subjects}
        self.seen: dict[tuple[str, str, Any], int] = {}

    def validate_row(self, row: Row) -> None:
        v = row.values
        self.check_unit(row, "lead_unit")
        try:
            services._check_agreement(v["status"], v.get("signed_on"), v.get("valid_until"))
        except ValidationError as exc:
            row.errors.extend(self.issues_from(row, exc))
        key = agreement_key(v.get("partner") or "", v["subject"], v.get("signed_on"))
        if key in self.recorded:
            row.error("subject", _("This agreement (partner, subject, signing date) is already "
                                   "recorded."))
        elif key in self.seen:
            row.error("subject", _("The same agreement is on row %(row)d.")
                      % {"row": self.seen[key]})
        self.seen.setdefault(key, row.number)

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        services.create_agreement(
            actor, country=v["country"], partner=v.get("partner") or "",
            subject=v["subject"], kind=v["kind"], status=v["status"],
            signed_on=v.get("signed_on"), valid_until=v.get("valid_until"),
            lead_unit=v["lead_unit"], note=v.get("note") or "",
            classification=v["classification"])
        return Outcome.CREATED


class ContractImporter(_UnitsImporter):
    name = "contracts"
    label = gettext_lazy("Export contracts")
    model = ExportContract
    permission = "cooperation.add_exportcontract"
    sheet_title = "Hợp đồng xuất khẩu"
    level_column = "classification"
    unit_columns = ("unit",)
    columns = (
        Column("unit", "Doanh nghiệp", Reference(OrgUnit), required=True,
               help=gettext_lazy("Your unit or a unit below it.")),
        Column("number", "Số hợp đồng", Text(max_length=64), required=True),
        Column("country", "Nước", Text(max_length=100), required=True),
        Column("buyer", "Bên mua", Text(max_length=255), required=True),
        Column("subject", "Hàng hóa", Text(max_length=500)),
        Column("category", "Loại sản phẩm", CATEGORY, required=True,
               help=gettext_lazy("Sản phẩm quốc phòng or sản phẩm kinh tế.")),
        Column("signed_on", "Ngày ký", Date(), required=True),
        Column("value", "Giá trị (đồng)", Integer(min_value=1), required=True),
        Column("currency", "Ngoại tệ", Text(max_length=3, upper=True)),
        Column("amount", "Số tiền ngoại tệ", DecimalNumber(max_digits=16, decimal_places=2)),
        Column("classification", "Độ mật", LEVEL, required=True),
    )

    def prepare(self, rows: list[Row]) -> None:
        super().prepare(rows)
        keys = {(row.values["unit"].pk, row.values["number"]) for row in rows}
        units = {unit for unit, _number in keys}
        self.taken = set(ExportContract.objects.filter(unit__in=units).values_list(
            "unit_id", "number")) & keys
        seen: dict[tuple[int, str], int] = {}
        self.repeated: dict[int, int] = {}
        for row in rows:
            key = (row.values["unit"].pk, fold(row.values["number"]))
            if key in seen:
                self.repeated[row.number] = seen[key]
            seen.setdefault(key, row.number)

    def validate_row(self, row: Row) -> None:
        v = row.values
        self.check_unit(row, "unit")
        self.check_past(row, "signed_on")
        if (v["unit"].pk, v["number"]) in self.taken:
            row.error("number", _("%(unit)s already has a contract with this number.")
                      % {"unit": v["unit"].code})
        if row.number in self.repeated:
            row.error("number", _("The same contract is on row %(row)d.")
                      % {"row": self.repeated[row.number]})
        if bool(v.get("currency")) != (v.get("amount") is not None):
            row.error("amount", _("Give both the currency and the amount, or neither."))

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        services.create_contract(
            actor, unit=v["unit"], number=v["number"], country=v["country"],
            buyer=v["buyer"], subject=v.get("subject") or "", category=v["category"],
            signed_on=v["signed_on"], value=v["value"], currency=v.get("currency") or "",
            amount=v.get("amount"), classification=v["classification"])
        return Outcome.CREATED


EVENT_FIELDS = ("kind", "international", "country", "place", "end", "organiser", "lead_unit",
                "classification")


class ExhibitionImporter(_UnitsImporter):
    name = "exhibitions"
    label = gettext_lazy("Exhibitions and participations")
    model = ExhibitionEntry
    permission = "cooperation.add_exhibitionentry"
    sheet_title = "Triển lãm, hội chợ"
    level_column = "classification"
    unit_columns = ("lead_unit", "unit")
    columns = (
        Column("name", "Sự kiện", Text(max_length=500), required=True,
               help=gettext_lazy("The rows naming the same event and start date make one "
                                 "event.")),
        Column("kind", "Loại sự kiện", EVENT, required=True,
               help=gettext_lazy("Diễn đàn, triển lãm or hội chợ.")),
        Column("international", "Quốc tế", Boolean(), required=True),
        Column("country", "Nước", Text(max_length=100), required=True),
        Column("place", "Địa điểm", Text(max_length=255), required=True),
        Column("start", "Từ ngày", Date(), required=True),
        Column("end", "Đến ngày", Date(), required=True),
        Column("organiser", "Đơn vị tổ chức", Text(max_length=255)),
        Column("lead_unit", "Đơn vị chủ trì", Reference(OrgUnit), required=True),
        Column("classification", "Độ mật", LEVEL, required=True),
        Column("unit", "Đơn vị tham gia", Reference(OrgUnit), required=True),
        Column("products", "Sản phẩm trưng bày", Text(multiline=True)),
        Column("product_count", "Số sản phẩm", Integer(min_value=0)),
        Column("contracts_signed", "Số hợp đồng ký", Integer(min_value=0)),
    )

    def prepare(self, rows: list[Row]) -> None:
        """The events already recorded (name and start date) among those the importer may
        see: adding and updating, a row naming one adds its unit to it; adding new only, the
        row is refused, so a register imported twice does not record its events twice."""
        super().prepare(rows)
        self.first: dict[tuple[str, Any], Row] = {}
        self.pairs: dict[tuple[str, Any, int], int] = {}
        names = {fold(row.values["name"]) for row in rows}
        self.recorded: dict[tuple[str, Any], Exhibition] = {
            (fold(event.name), event.start): event
            for event in scope_queryset(Exhibition.objects.filter(
                start__in={row.values["start"] for row in rows}), self.actor)
            .select_related("lead_unit") if fold(event.name) in names}
        ids = [event.pk for event in self.recorded.values()]
        self.taking_part = set(ExhibitionEntry.objects.filter(exhibition_id__in=ids)
                               .values_list("exhibition_id", "unit_id"))
        self.may_own |= set(units_in_reach(self.actor).filter(
            pk__in=[event.lead_unit_id for event in self.recorded.values()])
            .values_list("pk", flat=True))

    def validate_row(self, row: Row) -> None:
        v = row.values
        event = (fold(v["name"]), v["start"])
        recorded = self.recorded.get(event)
        if recorded is not None:
            self.validate_recorded(row, recorded)
            return
        first = self.first.setdefault(event, row)
        if first is not row:
            for key in EVENT_FIELDS:
                if v.get(key) != first.values.get(key):
                    row.error(key, _("Row %(row)d gives this event another value.")
                              % {"row": first.number})
        else:
            if self.check_unit(row, "lead_unit") and v["end"] < v["start"]:
                row.error("end", _("The event ends before it starts."))
            try:
                services.check_home(v["international"], v["country"])
            except ValidationError as exc:
                row.errors.extend(self.issues_from(row, exc))
        self.validate_entry(row, event, v["lead_unit"].pk)

    def validate_recorded(self, row: Row, event: Exhibition) -> None:
        """A row naming a recorded event: refused adding new only; else its unit joins it
        (the event's own columns are left as recorded)."""
        if self.mode == ImportMode.ADD_ONLY:
            row.error("name", _("This event is already recorded (from %(date)s): import with "
                                "“add and update” to add units to it.")
                      % {"date": format_date(event.start)})
            return
        if (event.pk, row.values["unit"].pk) in self.taking_part:
            row.error("unit", _("%(unit)s already takes part in this event.")
                      % {"unit": row.values["unit"].name})
        self.validate_entry(row, (fold(event.name), event.start), event.lead_unit_id)

    def validate_entry(self, row: Row, event: tuple[str, Any], lead_unit: int) -> None:
        v = row.values
        pair = (*event, v["unit"].pk)
        if pair in self.pairs:
            row.error("unit", _("The same unit is on row %(row)d for this event.")
                      % {"row": self.pairs[pair]})
        self.pairs.setdefault(pair, row.number)
        if v["unit"].pk not in self.may_own and lead_unit not in self.may_own:
            row.error("unit", _("%(code)s is not your unit or a unit below it.")
                      % {"code": v["unit"].code})
        if (v.get("product_count") or 0) and not (v.get("products") or "").strip():
            row.error("products", _("Name the products shown."))

    def write(self, actor: User, rows: list[Row]) -> Counter[Outcome]:
        counts: Counter[Outcome] = Counter()
        events: dict[tuple[str, Any], Exhibition] = dict(self.recorded)
        for row in rows:
            v = row.values
            key = (fold(v["name"]), v["start"])
            try:
                if key not in events:
                    events[key] = services.create_exhibition(
                        actor, name=v["name"], kind=v["kind"],
                        international=v["international"], country=v["country"],
                        place=v["place"], start=v["start"], end=v["end"],
                        organiser=v.get("organiser") or "", lead_unit=v["lead_unit"],
                        classification=v["classification"])
                services.create_entry(
                    actor, exhibition=events[key], unit=v["unit"],
                    products=v.get("products") or "", product_count=v.get("product_count") or 0,
                    contracts_signed=v.get("contracts_signed") or 0)
            except ValidationError as exc:
                raise RowFailed(self.issues_from(row, exc)) from exc
            counts[Outcome.CREATED] += 1
        return counts


IMPORTERS: dict[str, type[Importer]] = {
    importer.name: importer for importer in (AgreementImporter, ContractImporter,
                                             ExhibitionImporter)}
