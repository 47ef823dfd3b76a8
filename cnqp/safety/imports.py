"""Imports of safety history from XLSX or CSV through the register engine: every row checked
first (errors by row and column), then all written through the services in one transaction, or
nothing.

- Incidents: one incident per row. Its people are counts (deaths, seriously and slightly
  injured), written as casualties without a name, as historical records kept them; the days
  off are shared among the injured. With a conclusion date the incident is investigated, its
  severity confirmed (the class given, or the one the criteria suggest) and concluded; with a
  closing date, closed.
- Assets: one safety-critical asset per row with, optionally, its last inspection, recorded
  under the regime of its category and kind in force that day (the next due date and the
  status follow, as when typed in). A registration number already recorded is refused.
- Findings: one finding per row, of a campaign or not; with a claim date it is claimed fixed,
  with a verification date verified and closed, by the importer, who must then work outside
  the unit responsible (the owner does not verify its own fix).

Each row's unit must be the importer's unit or one below it (any unit for the directorate's
departments), and every record it names is looked up among those the importer may see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, ClassVar

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.choices import Classification
from cnqp.core.imports import (
    Boolean,
    CellError,
    Choice,
    Column,
    Date,
    Importer,
    Integer,
    Outcome,
    Parser,
    Reference,
    Row,
    Text,
    cell_text,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.forms import units_user_may_own
from cnqp.safety import services
from cnqp.safety.choices import (
    Activity,
    FindingSeverity,
    InspectionKind,
    InspectionResult,
    InvestigationLevel,
)
from cnqp.safety.choices import Outcome as Hurt
from cnqp.safety.models import (
    DAMAGE_FIELDS,
    AssetCategory,
    CauseCode,
    Finding,
    Incident,
    IncidentKind,
    InjuryFactor,
    InspectionRegime,
    ReviewCampaign,
    SafetyAsset,
    SafetyPlan,
    SafetyRule,
    SeverityClass,
)

VND = Integer(min_value=0, max_value=10**15)

# The Vietnamese words of the registers, whatever the interface's catalogue says
ACTIVITY = Choice(Activity, aliases={
    "Sản xuất": Activity.PRODUCTION, "Sửa chữa": Activity.REPAIR,
    "Nghiên cứu chế thử": Activity.RESEARCH, "Nghiên cứu, chế thử": Activity.RESEARCH,
    "Thử nghiệm": Activity.TEST_FIRING, "Bắn thử": Activity.TEST_FIRING,
    "Vận chuyển": Activity.TRANSPORT, "Bảo quản": Activity.STORAGE, "Khác": Activity.OTHER})
LEVEL = Choice(InvestigationLevel, aliases={
    "Cấp cơ sở": InvestigationLevel.ESTABLISHMENT, "Cơ sở": InvestigationLevel.ESTABLISHMENT,
    "Tổng cục": InvestigationLevel.DIRECTORATE, "Cấp tỉnh": InvestigationLevel.PROVINCE,
    "Bộ Quốc phòng": InvestigationLevel.MINISTRY, "Trung ương": InvestigationLevel.CENTRAL})
INSPECTION = Choice(InspectionKind, aliases={
    "Kiểm định": InspectionKind.TECHNICAL,
    "Kiểm định kỹ thuật an toàn": InspectionKind.TECHNICAL,
    "Kiểm tra định kỳ": InspectionKind.INTERNAL, "Kiểm tra nội bộ": InspectionKind.INTERNAL,
    "Bảo dưỡng": InspectionKind.MAINTENANCE, "Đo điện trở chống sét": InspectionKind.EARTHING,
    "Đo điện trở nối đất": InspectionKind.EARTHING, "Kiểm tra PCCC": InspectionKind.FIRE})
RESULT = Choice(InspectionResult, aliases={
    "Đạt": InspectionResult.PASSED, "Đạt có điều kiện": InspectionResult.CONDITIONAL,
    "Không đạt": InspectionResult.FAILED})
SEVERITY = Choice(FindingSeverity, aliases={
    "Cao": FindingSeverity.HIGH, "Trung bình": FindingSeverity.MEDIUM,
    "Thấp": FindingSeverity.LOW})
PEOPLE = Integer(min_value=0, max_value=500)


class TimeOfDay(Parser):
    """A time of day: 14:30, or a time cell of Excel."""

    def parse(self, value: Any) -> dt.time:
        if isinstance(value, dt.datetime):
            return value.time()
        if isinstance(value, dt.time):
            return value
        if isinstance(value, float) and 0 <= value < 1:  # Excel's fraction of a day
            return dt.time(*divmod(round(value * 1440) % 1440, 60))
        text = cell_text(value).lower().replace("h", ":")
        try:
            hours, _sep, minutes = text.partition(":")
            return dt.time(int(hours), int(minutes or 0))
        except ValueError:
            raise CellError(_("“%(value)s” is not a time: write hh:mm.")
                            % {"value": cell_text(value)}) from None

    def describe(self) -> str:
        return _("Time: hh:mm")


class SafetyImporter(Importer):
    """What the three share: the unit column checked against the units the importer may file
    under, dates not in the future, and the classification column."""

    level_column = "classification"
    unit_column: ClassVar[str] = "unit"
    date_columns: ClassVar[tuple[str, ...]] = ()

    def prepare(self, rows: list[Row]) -> None:
        ids = {row.values[self.unit_column].pk for row in rows}
        self.may_own = set(units_user_may_own(self.actor).filter(pk__in=ids)
                           .values_list("pk", flat=True))
        self.today = timezone.localdate()

    def validate_row(self, row: Row) -> None:
        unit: OrgUnit = row.values[self.unit_column]
        if unit.pk not in self.may_own:
            row.error(self.unit_column, _("%(code)s is not your unit or a unit below it.")
                      % {"code": unit.code})
        for key in self.date_columns:
            value = row.get(key)
            if value is not None and value > self.today:
                row.error(key, _("The date cannot be in the future."))

    def after(self, row: Row, first: str, then: str, message: str) -> None:
        """`then` (a date column) is not before `first`."""
        if row.get(first) is not None and row.get(then) is not None \
                and row.get(then) < row.get(first):
            row.error(then, message)


def _classification() -> Column[Parser]:
    # Required: an empty cell must never file a classified record as unclassified.
    return Column("classification", "Độ mật", Choice(Classification), required=True)


# --- incidents ---------------------------------------------------------------------------------


class IncidentImporter(SafetyImporter):
    name = "incidents"
    label = gettext_lazy("Incidents")
    model = Incident
    permission = "safety.add_incident"
    sheet_title = "Vụ việc mất an toàn"
    date_columns = ("occurred_on", "investigated_on", "concluded_on", "closed_on")
    field_columns: ClassVar[dict[str, str]] = {
        "occurred_at": "occurred_on", "on_date": "concluded_on", "team": "investigation_team",
        "level": "investigation_level"}
    columns = (
        Column("kind", "Loại vụ việc", Reference(IncidentKind), required=True,
               help=gettext_lazy("TNLD, CHAY, NO, HOA-CHAT, KY-THUAT, MOI-TRUONG, SUYT...")),
        Column("title", "Tên vụ việc", Text(max_length=500), required=True),
        Column("occurred_on", "Ngày xảy ra", Date(), required=True),
        Column("occurred_time", "Giờ xảy ra", TimeOfDay()),
        Column("unit", "Đơn vị", Reference(OrgUnit), required=True,
               help=gettext_lazy("Your unit or a unit below it.")),
        Column("site", "Địa điểm", Text(max_length=255)),
        Column("activity", "Hoạt động", ACTIVITY, required=True),
        Column("asset", "Mã thiết bị", Reference(SafetyAsset)),
        Column("description", "Diễn biến", Text(multiline=True), required=True),
        Column("immediate_action", "Xử lý ban đầu", Text(multiline=True)),
        Column("deaths", "Số người chết", PEOPLE),
        Column("serious", "Số người bị thương nặng", PEOPLE),
        Column("minor", "Số người bị thương nhẹ", PEOPLE),
        Column("days_off", "Số ngày nghỉ", Integer(min_value=0, max_value=100_000),
               help=gettext_lazy("In all, shared among the injured.")),
        Column("damage_property", "Thiệt hại tài sản (đồng)", VND),
        Column("damage_medical", "Chi phí y tế (đồng)", VND),
        Column("damage_wages", "Tiền lương trong thời gian điều trị (đồng)", VND),
        Column("damage_compensation", "Bồi thường, trợ cấp (đồng)", VND),
        Column("damage_other", "Chi phí khác (đồng)", VND),
        Column("investigation_level", "Cấp điều tra", LEVEL),
        Column("investigation_team", "Đoàn điều tra", Text(multiline=True)),
        Column("investigated_on", "Ngày mở điều tra", Date()),
        Column("severity", "Mức độ", Reference(SeverityClass),
               help=gettext_lazy("Empty: the class the criteria suggest.")),
        Column("severity_reason", "Lý do xếp mức độ", Text(multiline=True)),
        Column("concluded_on", "Ngày kết luận", Date()),
        Column("conclusion", "Kết luận", Text(multiline=True)),
        Column("work_accident", "Là tai nạn lao động", Boolean()),
        Column("cause", "Nguyên nhân chính", Reference(CauseCode)),
        Column("injury_factor", "Yếu tố gây chấn thương", Reference(InjuryFactor)),
        Column("closed_on", "Ngày đóng hồ sơ", Date()),
        _classification(),
    )

    def prepare(self, rows: list[Row]) -> None:
        super().prepare(rows)
        self.scale = list(SeverityClass.objects.order_by("rank", "code"))
        units = {row.values["unit"].pk for row in rows}
        self.recorded = set(Incident.objects.filter(unit__in=units).values_list(
            "unit_id", "title", "occurred_at__date"))

    def suggest(self, on: dt.date, deaths: int, serious: int, damage: int) -> SeverityClass | None:
        for severity in self.scale:  # as services.suggest_severity, without a query a row
            if severity.valid_on(on) and severity.met_by(deaths=deaths, serious=serious,
                                                         damage=damage):
                return severity
        return None

    def validate_row(self, row: Row) -> None:
        super().validate_row(row)
        v = row.values
        on: dt.date = v["occurred_on"]
        if not v["kind"].valid_on(on):
            row.error("kind", _("This kind of incident was not in use on %(date)s.")
                      % {"date": on.strftime("%d/%m/%Y")})
        asset = v.get("asset")
        if asset is not None and not asset.unit.path.startswith(v["unit"].path):
            row.error("asset", _("The asset is another unit's."))
        if (v["unit"].pk, v["title"], on) in self.recorded:
            row.error("title", _("This incident is already recorded (same unit, title and "
                                 "date)."))
        if v.get("days_off") and not (v.get("serious") or v.get("minor")):
            row.error("days_off", _("Days off need someone injured."))
        self._validate_steps(row, on)

    def _validate_steps(self, row: Row, on: dt.date) -> None:
        v = row.values
        concluded = v.get("concluded_on")
        if v.get("closed_on") and not concluded:
            row.error("closed_on", _("An incident is closed once concluded: give the "
                                     "conclusion date."))
        steps = ("investigation_level", "investigation_team", "investigated_on", "conclusion",
                 "work_accident", "cause", "injury_factor", "severity", "severity_reason")
        if not concluded:
            for key in steps:
                if v.get(key):
                    row.error(key, _("Filled in, but “%(column)s” is empty.")
                              % {"column": self.headers["concluded_on"]})
            return
        for key in ("investigation_level", "investigation_team", "conclusion"):
            if not v.get(key):
                row.error(key, _("Required with “%(column)s”.")
                          % {"column": self.headers["concluded_on"]})
        if v.get("work_accident") and v.get("cause") is None:
            row.error("cause", _("A labour accident is counted by its main cause: give it."))
        opened = v.get("investigated_on") or on
        if opened < on:
            row.error("investigated_on", _("The investigation opens after the incident."))
        if concluded < opened:
            row.error("concluded_on", _("The conclusion is dated before the investigation "
                                        "opened."))
        self.after(row, "concluded_on", "closed_on",
                   _("The closing date is before the conclusion."))
        given = v.get("severity")
        damage = sum(v.get(name) or 0 for name in DAMAGE_FIELDS)
        suggested = self.suggest(on, v.get("deaths") or 0, v.get("serious") or 0, damage)
        if given is not None and not given.valid_on(on):
            row.error("severity", _("This class was not in the scale on the day of the "
                                    "incident."))
        elif given is not None and given != suggested and not v.get("severity_reason"):
            row.error("severity_reason", _(
                "The class differs from the one the criteria suggest (%(suggested)s): say "
                "why.") % {"suggested": suggested or "—"})
        elif given is None and suggested is None:
            row.error("severity", _("No class of the scale fits: give one."))

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        on: dt.date = v["occurred_on"]
        at = timezone.make_aware(dt.datetime.combine(on, v.get("occurred_time") or dt.time(0)))
        incident = services.record_incident(
            actor, kind=v["kind"], title=v["title"], occurred_at=at, unit=v["unit"],
            activity=v["activity"], description=v["description"], site=v.get("site") or "",
            asset=v.get("asset"), immediate_action=v.get("immediate_action") or "",
            classification=v["classification"],
            **self.damage(v))
        self._casualties(actor, incident, v)
        if not v.get("concluded_on"):
            return Outcome.CREATED
        incident = services.open_investigation(
            actor, incident, on_date=v.get("investigated_on") or on,
            level=v["investigation_level"], team=v["investigation_team"])
        incident.refresh_from_db()
        severity = v.get("severity") or incident.suggested_severity
        assert severity is not None  # checked in phase 1
        incident = services.confirm_severity(actor, incident, severity=severity,
                                             reason=v.get("severity_reason") or "")
        incident = services.conclude_incident(
            actor, incident, on_date=v["concluded_on"], conclusion=v["conclusion"],
            work_accident=bool(v.get("work_accident")), cause=v.get("cause"),
            injury_factor=v.get("injury_factor"))
        if v.get("closed_on"):
            services.close_incident(actor, incident, on_date=v["closed_on"])
        return Outcome.CREATED

    @staticmethod
    def damage(values: dict[str, Any]) -> dict[str, Any]:
        return {name: values.get(name) or 0 for name in DAMAGE_FIELDS}

    @staticmethod
    def _casualties(actor: User, incident: Incident, v: dict[str, Any]) -> None:
        """The counts as unnamed casualties; the days off shared among the injured, the
        remainder to the first."""
        injured = [Hurt.SERIOUS] * (v.get("serious") or 0) + [Hurt.MINOR] * (v.get("minor") or 0)
        share, rest = divmod(v.get("days_off") or 0, len(injured)) if injured else (0, 0)
        for _index in range(v.get("deaths") or 0):
            services.add_casualty(actor, incident=incident, outcome=Hurt.DEATH)
        for index, outcome in enumerate(injured):
            services.add_casualty(actor, incident=incident, outcome=outcome,
                                  days_off=share + (rest if index == 0 else 0))


# --- assets with their last inspection ---------------------------------------------------------

INSPECTION_KEYS = ("inspection_kind", "inspected_on", "performer", "result")


class AssetImporter(SafetyImporter):
    name = "assets"
    label = gettext_lazy("Safety-critical assets")
    model = SafetyAsset
    permission = "safety.add_safetyasset"
    match = "code"
    sheet_title = "Thiết bị, công trình an toàn"
    date_columns = ("in_service_on", "declared_on", "inspected_on")
    field_columns: ClassVar[dict[str, str]] = {"regime": "inspection_kind"}
    columns = (
        Column("code", "Số đăng ký", Text(max_length=64, upper=True), required=True,
               unique=True),
        Column("name", "Tên", Text(max_length=255), required=True),
        Column("category", "Loại", Reference(AssetCategory), required=True),
        Column("unit", "Đơn vị", Reference(OrgUnit), required=True,
               help=gettext_lazy("Your unit or a unit below it.")),
        Column("site", "Vị trí", Text(max_length=255)),
        Column("serial_number", "Số chế tạo", Text(max_length=64)),
        Column("manufacturer", "Nhà chế tạo", Text(max_length=255)),
        Column("year_made", "Năm chế tạo", Integer(min_value=1900, max_value=2100)),
        Column("parameters", "Thông số kỹ thuật", Text(multiline=True)),
        Column("in_service_on", "Ngày đưa vào sử dụng", Date(), required=True),
        Column("declared_on", "Ngày khai báo", Date()),
        Column("declaration_number", "Số khai báo", Text(max_length=64)),
        _classification(),
        Column("inspection_kind", "Hình thức kiểm tra lần cuối", INSPECTION),
        Column("inspected_on", "Ngày kiểm tra lần cuối", Date()),
        Column("performer", "Đơn vị thực hiện", Text(max_length=255)),
        Column("inspector", "Kiểm định viên", Text(max_length=255)),
        Column("certificate_number", "Số giấy chứng nhận, tem", Text(max_length=64)),
        Column("result", "Kết quả", RESULT),
        Column("valid_until", "Giấy chứng nhận có hiệu lực đến", Date()),
    )
    FIELDS = ("name", "category", "unit", "site", "serial_number", "manufacturer", "year_made",
              "parameters", "in_service_on", "declared_on", "declaration_number",
              "classification")

    def prepare(self, rows: list[Row]) -> None:
        super().prepare(rows)
        self.regimes: dict[tuple[int, str], list[InspectionRegime]] = defaultdict(list)
        for regime in InspectionRegime.objects.order_by("valid_from"):
            self.regimes[(regime.category_id, regime.kind)].append(regime)

    def regime(self, row: Row) -> InspectionRegime | None:
        on = row.values["inspected_on"]
        return next((r for r in self.regimes[(row.values["category"].pk,
                                              row.values["inspection_kind"])]
                     if r.valid_on(on)), None)

    def validate_row(self, row: Row) -> None:
        super().validate_row(row)
        v = row.values
        if row.existing is not None:
            # the same answer whether or not the importer may see it (the codes are unique
            # across the directorate; a hidden one is audited as a probe)
            row.error("code", _("This registration number is already recorded: record the "
                                "asset's inspections on its page."))
            return
        if v.get("declared_on") and not v.get("declaration_number"):
            row.error("declaration_number", _("A declaration has its number."))
        self.after(row, "in_service_on", "inspected_on",
                   _("The inspection is before the asset went into service."))
        given = [key for key in INSPECTION_KEYS if v.get(key)]
        if given:
            for key in INSPECTION_KEYS:
                if not v.get(key):
                    row.error(key, _("Required for the last inspection."))
        elif any(v.get(key) for key in ("inspector", "certificate_number", "valid_until")):
            row.error("inspected_on", _("Required for the last inspection."))
        if len(given) == len(INSPECTION_KEYS):
            self._validate_inspection(row)
        fields = {k: v[k] for k in self.FIELDS if row.has(k) and v[k] is not None}
        self.check_instance(row, SafetyAsset(code=v["code"], **fields),
                            exclude=["search_text"])

    def _validate_inspection(self, row: Row) -> None:
        v = row.values
        regime = self.regime(row)
        if regime is None:
            row.error("inspection_kind", _(
                "No regime of this kind for “%(category)s” on %(date)s.") % {
                "category": v["category"], "date": v["inspected_on"].strftime("%d/%m/%Y")})
        elif (regime.kind == InspectionKind.TECHNICAL and v["result"] != InspectionResult.FAILED
              and not v.get("certificate_number")):
            row.error("certificate_number", _("A technical safety inspection that passes "
                                              "issues a certificate: give its number."))
        self.after(row, "inspected_on", "valid_until",
                   _("The certificate expires before the inspection."))

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        fields = {k: v[k] for k in self.FIELDS if row.has(k) and v[k] is not None}
        asset = services.create_asset(actor, code=v["code"], **fields)
        if v.get("inspected_on"):
            regime = self.regime(row)
            assert regime is not None  # checked in phase 1
            services.record_inspection(
                actor, asset, regime=regime, inspected_on=v["inspected_on"],
                performer=v["performer"], result=v["result"],
                inspector=v.get("inspector") or "",
                certificate_number=v.get("certificate_number") or "",
                valid_until=v.get("valid_until"))
        return Outcome.CREATED


# --- findings ----------------------------------------------------------------------------------


class FindingImporter(SafetyImporter):
    name = "findings"
    label = gettext_lazy("Findings")
    model = Finding
    permission = "safety.add_finding"
    sheet_title = "Tồn tại"
    date_columns = ("found_on", "claimed_on", "verified_on")
    field_columns: ClassVar[dict[str, str]] = {"verified_by": "verified_on",
                                               "note": "claim_note"}
    columns = (
        Column("campaign", "Mã đợt rà soát", Reference(ReviewCampaign),
               help=gettext_lazy("Empty for a finding of another check.")),
        Column("unit", "Đơn vị chịu trách nhiệm", Reference(OrgUnit), required=True,
               help=gettext_lazy("Your unit or a unit below it.")),
        Column("title", "Tồn tại", Text(max_length=500), required=True),
        Column("description", "Mô tả", Text(multiline=True)),
        Column("severity", "Mức độ", SEVERITY, required=True),
        Column("found_on", "Ngày phát hiện", Date(), required=True),
        Column("due_date", "Hạn khắc phục", Date(), required=True),
        Column("asset", "Mã thiết bị", Reference(SafetyAsset)),
        Column("plan", "Mã phương án, kế hoạch", Reference(SafetyPlan)),
        Column("rule", "Số hiệu quy định", Reference(SafetyRule, field="number", upper=False)),
        _classification(),
        Column("claimed_on", "Ngày báo cáo đã khắc phục", Date()),
        Column("claim_note", "Kết quả khắc phục", Text(multiline=True)),
        Column("verified_on", "Ngày kiểm tra xác nhận", Date()),
        Column("verification_note", "Ý kiến xác nhận", Text(multiline=True)),
    )
    FIELDS = ("description", "asset", "plan", "rule", "classification")

    def prepare(self, rows: list[Row]) -> None:
        super().prepare(rows)
        units = {row.values["unit"].pk for row in rows}
        self.recorded = set(Finding.objects.filter(unit__in=units).values_list(
            "unit_id", "title", "found_on"))

    def validate_row(self, row: Row) -> None:
        super().validate_row(row)
        v = row.values
        if (v["unit"].pk, v["title"], v["found_on"]) in self.recorded:
            row.error("title", _("This finding is already recorded (same unit, title and "
                                 "date)."))
        self.after(row, "found_on", "due_date", _("The due date is before the finding."))
        self.after(row, "found_on", "claimed_on", _("The date is before the finding."))
        self.after(row, "claimed_on", "verified_on",
                   _("The verification is dated before the fix was claimed."))
        for step, note in (("claimed_on", "claim_note"), ("verified_on", "verification_note")):
            if v.get(step) and not v.get(note):
                row.error(note, _("Required with “%(column)s”.") % {"column": self.headers[step]})
        if v.get("verified_on") and not v.get("claimed_on"):
            row.error("verified_on", _("A fix is verified once claimed: give the claim date."))
        campaign = v.get("campaign")
        if campaign is not None and not campaign.start_on <= v["found_on"]:
            row.error("found_on", _("The finding is before the campaign started."))

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        finding = services.create_finding(
            actor, unit=v["unit"], title=v["title"], severity=v["severity"],
            found_on=v["found_on"], due_date=v["due_date"], campaign=v.get("campaign"),
            **{k: v[k] for k in self.FIELDS if row.has(k) and v[k] not in (None, "")})
        if v.get("claimed_on"):
            finding = services.claim_fixed(actor, finding, on_date=v["claimed_on"],
                                           note=v["claim_note"])
        if v.get("verified_on"):
            services.verify_finding(actor, finding, on_date=v["verified_on"], accepted=True,
                                    note=v["verification_note"])
        return Outcome.CREATED


IMPORTERS: dict[str, type[Importer]] = {
    IncidentImporter.name: IncidentImporter,
    AssetImporter.name: AssetImporter,
    FindingImporter.name: FindingImporter,
}
