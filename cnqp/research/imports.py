"""The project register (sổ đăng ký đề tài, nhiệm vụ KHCN) as a spreadsheet, both ways.

Import: every row is validated first, across cells and against the lifecycle (dates in order,
each milestone with what it needs); then all rows are written through the services in one
transaction, or none. A new project is created and its milestones replayed as steps, each at
its own date, so its figures count as if typed in one by one: opened (and started), extended
(a new end date), suspended, resumed, completed, failed at acceptance and completed again,
accepted, declared eligible for O-series production, O-series produced, applied to production,
cancelled. The steps are replayed in the order of their dates (the lifecycle's order on one
day) and checked first against the lifecycle's rules (`services.RULES`): no date in the future,
none before the step it follows, each step from a stage that admits it. An existing project
(same code) gets its descriptive fields updated; its history changes only through its steps, so
its milestone cells must match what is recorded (an exported register imports back unchanged).

Export: `register_xlsx` writes the same columns, milestones read from the steps in one query.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db.models import Case, DateField, Exists, OuterRef, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.imports import Choice, Column, Importer, Integer, Outcome, Reference, Row, Text
from cnqp.core.imports.parsers import Date
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.export import bold_cells, sheet_cells
from cnqp.core.records.forms import units_user_may_own
from cnqp.core.units import not_a_producer
from cnqp.documents.models import ProductType
from cnqp.research import services
from cnqp.research.choices import Grade, ProjectLevel, ProjectStatus, ProjectType, Step
from cnqp.research.models import BUDGET_FIELDS, ProjectEvent, ResearchProject


def _may_host(unit: OrgUnit) -> str | None:
    if unit.kind == OrgUnitKind.USER_UNIT:
        return _("%(code)s is a user unit: it does not host research projects.") % {
            "code": unit.code}
    return None


DESCRIPTIVE = ("title", "project_type", "principal_investigator", "members", "product_type",
               *BUDGET_FIELDS, "classification")
# Milestones: (date column, the step, the other columns the step needs), in the lifecycle's
# order (the replay's order on one day). Opening also starts the project, on the same date; a
# failed acceptance follows a first completion and is followed by the completion in force.
MILESTONES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("opened_on", Step.OPEN, ("opening_decision",)),
    ("extended_on", Step.EXTEND, ("extension_decision", "new_end")),
    ("suspended_on", Step.SUSPEND, ("suspension_decision", "suspension_reason")),
    ("resumed_on", Step.RESUME, ("resume_decision",)),
    ("first_completed_on", Step.COMPLETE, ()),
    ("failed_on", Step.FAIL_ACCEPTANCE, ("failed_council", "failed_decision", "failed_note")),
    ("completed_on", Step.COMPLETE, ()),
    ("accepted_on", Step.ACCEPT, ("grade", "council", "acceptance_decision")),
    ("eligible_o_on", Step.ELIGIBLE_O, ("eligible_o_decision",)),
    ("o_series_on", Step.O_SERIES, ("o_series_decision", "o_series_unit")),
    ("applied_on", Step.APPLY, ("applied_unit", "applied_decision")),
    ("cancelled_on", Step.CANCEL, ("cancellation_decision", "cancellation_reason")),
)
MILESTONE_KEYS = tuple(k for date, _step, others in MILESTONES for k in (date, *others))
# The main line: each of these dates is not before the one above it.
MAIN_LINE = ("proposed_on", "opened_on", "first_completed_on", "failed_on", "completed_on",
             "accepted_on", "eligible_o_on", "o_series_on", "applied_on")
# A step that follows another one named in the row (besides the main line).
FOLLOWS = {"resumed_on": "suspended_on", "extended_on": "opened_on",
           "suspended_on": "opened_on", "first_completed_on": "opened_on",
           "cancelled_on": "proposed_on"}
UNIT_KEYS = ("applied_unit", "o_series_unit")


class ProjectRegisterImporter(Importer):
    name = "projects"
    label = gettext_lazy("Research projects")
    model = ResearchProject
    permission = "research.add_researchproject"
    match = "code"
    level_column = "classification"
    sheet_title = "Sổ đăng ký đề tài"
    columns = (
        Column("code", "Mã đề tài", Text(upper=True), required=True, unique=True),
        Column("title", "Tên đề tài, nhiệm vụ", required=True),
        Column("level", "Cấp", Choice(ProjectLevel), required=True),
        Column("project_type", "Loại", Choice(ProjectType)),
        Column("host_unit", "Đơn vị chủ trì", Reference(OrgUnit, check=_may_host),
               required=True, help=gettext_lazy("Your unit or a unit below it.")),
        Column("principal_investigator", "Chủ nhiệm", required=True),
        Column("members", "Thành viên", help=gettext_lazy("Names separated by semicolons.")),
        Column("product_type", "Mã chủng loại sản phẩm", Reference(ProductType)),
        Column("planned_start", "Bắt đầu theo kế hoạch", Date(), required=True),
        Column("planned_end", "Kết thúc theo kế hoạch", Date(), required=True),
        Column("budget_state", "Kinh phí NSNN (triệu đồng)", Integer(min_value=0)),
        Column("budget_defense", "Kinh phí quốc phòng (triệu đồng)", Integer(min_value=0)),
        Column("budget_enterprise", "Kinh phí doanh nghiệp (triệu đồng)", Integer(min_value=0)),
        Column("budget_other", "Kinh phí khác (triệu đồng)", Integer(min_value=0)),
        # Required: an empty cell must never file a secret project as unclassified.
        Column("classification", "Độ mật", Choice(Classification), required=True),
        Column("proposed_on", "Ngày đề xuất", Date()),
        Column("opened_on", "Ngày mở", Date()),
        Column("opening_decision", "QĐ mở"),
        Column("completed_on", "Ngày hoàn thành", Date()),
        Column("accepted_on", "Ngày nghiệm thu", Date()),
        Column("grade", "Xếp loại", Choice(Grade)),
        Column("council", "Hội đồng nghiệm thu"),
        Column("acceptance_decision", "QĐ nghiệm thu"),
        Column("applied_on", "Ngày áp dụng vào sản xuất", Date()),
        Column("applied_unit", "Đơn vị áp dụng", Reference(OrgUnit, check=not_a_producer)),
        Column("applied_decision", "QĐ áp dụng"),
        Column("extended_on", "Ngày gia hạn", Date()),
        Column("extension_decision", "QĐ gia hạn"),
        Column("new_end", "Kết thúc sau gia hạn", Date()),
        Column("suspended_on", "Ngày tạm dừng", Date()),
        Column("suspension_decision", "QĐ tạm dừng"),
        Column("suspension_reason", "Lý do tạm dừng"),
        Column("resumed_on", "Ngày tiếp tục", Date()),
        Column("resume_decision", "QĐ tiếp tục"),
        Column("first_completed_on", "Ngày hoàn thành lần đầu", Date(),
               help=gettext_lazy("With a failed acceptance: the completion it evaluated.")),
        Column("failed_on", "Ngày nghiệm thu không đạt", Date()),
        Column("failed_council", "Hội đồng nghiệm thu không đạt"),
        Column("failed_decision", "QĐ nghiệm thu không đạt"),
        Column("failed_note", "Lý do không đạt"),
        Column("eligible_o_on", "Ngày đủ điều kiện sản xuất loạt O", Date()),
        Column("eligible_o_decision", "QĐ đủ điều kiện sản xuất loạt O"),
        Column("o_series_on", "Ngày sản xuất loạt O", Date()),
        Column("o_series_decision", "QĐ sản xuất loạt O"),
        Column("o_series_unit", "Đơn vị sản xuất loạt O",
               Reference(OrgUnit, check=not_a_producer)),
        Column("cancelled_on", "Ngày hủy bỏ", Date()),
        Column("cancellation_decision", "QĐ hủy bỏ"),
        Column("cancellation_reason", "Lý do hủy bỏ"),
    )

    def existing_queryset(self) -> QuerySet[Any]:
        return with_milestones(ResearchProject.objects.all())

    def prepare(self, rows: list[Row]) -> None:
        unit_ids = {row.values["host_unit"].pk for row in rows}
        unit_ids |= {row.existing.host_unit_id for row in rows if row.existing is not None}
        self.may_own = set(units_user_may_own(self.actor).filter(pk__in=unit_ids)
                           .values_list("pk", flat=True))
        self.may_change = self.actor.has_perm("research.change_researchproject")
        self.may_decide = self.actor.has_perm("research.decide_researchproject")

    # --- validation ----------------------------------------------------------------------------

    def validate_row(self, row: Row) -> None:
        if row.existing is None:
            self._validate_new(row)
        else:
            self._validate_existing(row)

    def _validate_new(self, row: Row) -> None:
        unit: OrgUnit = row.values["host_unit"]
        if unit.pk not in self.may_own:
            row.error("host_unit", _("%(code)s is not your unit or a unit below it.")
                      % {"code": unit.code})
        self._validate_history(row)
        instance = ResearchProject(**self._fields(row), code=row.values["code"],
                                   level=row.values["level"], host_unit=unit,
                                   planned_start=row.values["planned_start"],
                                   planned_end=row.values["planned_end"],
                                   current_end=row.values["planned_end"])
        if instance.planned_end < instance.planned_start:
            row.error("planned_end", _("The planned end is before the planned start."))
        self.check_instance(row, instance, exclude=["search_text"])

    def _validate_history(self, row: Row) -> None:
        """The milestones: none in the future, none before the step it follows, each with what
        its step needs, and, replayed in the order of their dates, each from a stage the
        lifecycle admits."""
        v = row.values
        today = timezone.localdate()
        for key in ("proposed_on", *(date for date, _step, _others in MILESTONES)):
            if v.get(key) is not None and v[key] > today:
                row.error(key, _("The date cannot be in the future."))
        previous: tuple[str, dt.date] | None = None
        for key in MAIN_LINE:
            if v.get(key) is None:
                continue
            if previous is not None and v[key] < previous[1]:
                self._before(row, key, previous[0])
            previous = (key, v[key])
        for key, earlier in FOLLOWS.items():
            if v.get(key) is not None and v.get(earlier) is not None and v[key] < v[earlier]:
                self._before(row, key, earlier)
        if v.get("cancelled_on") is not None:  # the end of a project: nothing follows it
            later = [date for date, _step, _others in MILESTONES
                     if v.get(date) is not None and v[date] > v["cancelled_on"]]
            if later:
                self._before(row, "cancelled_on", later[-1])
        for date, _step, others in MILESTONES:
            for other in others:
                if v.get(date) is None and v.get(other):
                    row.error(other, _("Filled in, but “%(column)s” is empty.")
                              % {"column": self.headers.get(date, date)})
                elif v.get(date) is not None and not v.get(other):
                    row.error(other, _("Required with “%(column)s”.")
                              % {"column": self.headers.get(date, date)})
        pairs = (("failed_on", "first_completed_on"), ("first_completed_on", "failed_on"),
                 ("resumed_on", "suspended_on"))
        for key, needed in pairs:
            if v.get(key) is not None and v.get(needed) is None:
                row.error(key, _("Fill in “%(column)s” too.")
                          % {"column": self.headers.get(needed, needed)})
        if v.get("grade") == Grade.FAIL:
            row.error("grade", _("A failed acceptance has its own columns (“%(column)s”).")
                      % {"column": self.headers.get("failed_on", "failed_on")})
        if v.get("new_end") and v["new_end"] <= v["planned_end"]:
            row.error("new_end", _("The new end date must be after the end date in force "
                                   "(%(date)s).") % {"date": v["planned_end"].strftime("%d/%m/%Y")})
        steps = [date for date, _step, _others in MILESTONES if v.get(date) is not None]
        if steps and not self.may_decide:
            row.error(steps[0], _("Opening a project is a management decision you may not "
                                  "record; leave the milestones empty."))
        if v.get("eligible_o_on") and not v.get("product_type"):
            row.error("product_type", _("A project declared eligible for O-series production "
                                        "needs its product type."))
        elif v.get("applied_on") and not v.get("product_type"):
            row.error("product_type", _("A project applied to production needs its product "
                                        "type."))
        if not row.errors:
            self._replay(row)

    def _before(self, row: Row, key: str, earlier: str) -> None:
        row.error(key, _("This date is before “%(column)s”.")
                  % {"column": self.headers.get(earlier, earlier)})

    @staticmethod
    def steps(row: Row) -> list[tuple[str, str]]:
        """(date column, step) in the order of the replay: by date, the lifecycle's order on
        one day."""
        order = {date: index for index, (date, _step, _others) in enumerate(MILESTONES)}
        taken = [(date, step) for date, step, _others in MILESTONES
                 if row.values.get(date) is not None]
        return sorted(taken, key=lambda pair: (row.values[pair[0]], order[pair[0]]))

    def _replay(self, row: Row) -> None:
        """The lifecycle's table (`services.RULES`) walked through without writing: a step
        from a stage that does not admit it names its column and the stage it finds."""
        status: str = ProjectStatus.PROPOSED
        for date, step in self.steps(row):
            rule = services.RULES[step]
            if status not in rule.sources:
                row.error(date, _("On %(date)s the project is %(status)s: it cannot be "
                                  "%(action)s.") % {
                    "date": row.values[date].strftime("%d/%m/%Y"),
                    "status": str(ProjectStatus(status).label).lower(),
                    "action": str(rule.verb)})
                return
            status = ProjectStatus.IN_PROGRESS if step == Step.OPEN else (rule.target or status)

    def _validate_existing(self, row: Row) -> None:
        existing: ResearchProject = row.existing
        if (existing.host_unit_id not in self.may_own or not self.may_change
                or existing.classification > self.actor.clearance):
            row.error("code", _("This project exists and you may not change it."))
            return
        fixed = {"level": existing.level, "host_unit": existing.host_unit,
                 "planned_start": existing.planned_start, "planned_end": existing.planned_end}
        if existing.status != ProjectStatus.PROPOSED:
            for key, value in fixed.items():
                if row.values[key] != value:
                    row.error(key, _("Fixed once the project is opened."))
        for key in MILESTONE_KEYS:
            given = row.values.get(key)
            if key in UNIT_KEYS and given is not None:
                given = given.code
            if key in self.present and (given or None) != milestone_value(existing, key):
                row.error(key, _("The history of an existing project changes only through "
                                 "its steps (recorded: %(value)s).")
                          % {"value": milestone_text(existing, key) or "—"})
        self.check_instance(row, self.copy_with(existing, self._fields(row)),
                            exclude=["search_text"])

    def _fields(self, row: Row) -> dict[str, Any]:
        values = {k: row.values[k] for k in DESCRIPTIVE if row.has(k)}
        if "members" in values:  # one name per line, as the form stores them
            values["members"] = "\n".join(
                m.strip() for m in (values["members"] or "").split(";") if m.strip())
        for name in BUDGET_FIELDS:
            if name in values and values[name] is None:
                values[name] = 0
        if values.get("project_type") in (None, ""):
            values.pop("project_type", None)
        return values

    # --- writing -------------------------------------------------------------------------------

    def write_row(self, actor: User, row: Row) -> Outcome:
        existing: ResearchProject | None = row.existing
        v = row.values
        if existing is not None:
            fields = self._fields(row)
            if existing.status == ProjectStatus.PROPOSED:
                fields.update({k: v[k] for k in ("level", "host_unit", "planned_start",
                                                   "planned_end")})
            changes = self.changed(existing, fields)
            if not changes:
                return Outcome.UNCHANGED
            services.update_project(actor, existing, **changes)
            return Outcome.UPDATED
        steps = self.steps(row)
        project = services.create_project(
            actor, code=v["code"], level=v["level"], host_unit=v["host_unit"],
            planned_start=v["planned_start"], planned_end=v["planned_end"],
            # a history starts with its proposal: never "proposed today" before its own steps
            proposed_on=v.get("proposed_on") or (v[steps[0][0]] if steps else None),
            **self._fields(row))
        for date, step in steps:
            project = self._take(actor, project, step, date, v)
        return Outcome.CREATED

    @staticmethod
    def _take(actor: User, project: ResearchProject, step: str, date: str,
              v: dict[str, Any]) -> ResearchProject:
        on = v[date]
        if step == Step.OPEN:
            project = services.open_project(actor, project, on_date=on,
                                            decision_number=v["opening_decision"])
            return services.start_project(actor, project, on_date=on)
        if step == Step.EXTEND:
            return services.extend_project(actor, project, on_date=on, new_end=v["new_end"],
                                           decision_number=v["extension_decision"])
        if step == Step.SUSPEND:
            return services.suspend_project(actor, project, on_date=on,
                                            decision_number=v["suspension_decision"],
                                            note=v["suspension_reason"])
        if step == Step.RESUME:
            return services.resume_project(actor, project, on_date=on,
                                           decision_number=v["resume_decision"])
        if step == Step.COMPLETE:
            return services.complete_project(actor, project, on_date=on)
        if step == Step.FAIL_ACCEPTANCE:
            return services.evaluate_project(actor, project, on_date=on,
                                             council=v["failed_council"], grade=Grade.FAIL,
                                             decision_number=v["failed_decision"],
                                             note=v["failed_note"])
        if step == Step.ACCEPT:
            return services.evaluate_project(actor, project, on_date=on, council=v["council"],
                                             grade=v["grade"],
                                             decision_number=v["acceptance_decision"])
        if step == Step.ELIGIBLE_O:
            return services.declare_eligible_for_o_series(
                actor, project, on_date=on, decision_number=v["eligible_o_decision"])
        if step == Step.O_SERIES:
            return services.record_o_series(actor, project, on_date=on,
                                            decision_number=v["o_series_decision"],
                                            producing_unit=v["o_series_unit"])
        if step == Step.APPLY:
            return services.apply_to_production(actor, project, on_date=on,
                                                decision_number=v["applied_decision"],
                                                producing_unit=v["applied_unit"])
        assert step == Step.CANCEL, step
        return services.cancel_project(actor, project, on_date=on,
                                       decision_number=v["cancellation_decision"],
                                       note=v["cancellation_reason"])


IMPORTERS: dict[str, type[Importer]] = {ProjectRegisterImporter.name: ProjectRegisterImporter}


# --- milestones of recorded projects -----------------------------------------------------------

# Annotation name -> (step, event field). The latest such step counts (a project completed
# again after rework shows its last completion).
_MILESTONE_SOURCES = {
    "opened_on": (Step.OPEN, "on_date"), "opening_decision": (Step.OPEN, "decision_number"),
    "completed_on": (Step.COMPLETE, "on_date"),
    "accepted_on": (Step.ACCEPT, "on_date"), "grade": (Step.ACCEPT, "grade"),
    "council": (Step.ACCEPT, "council"),
    "acceptance_decision": (Step.ACCEPT, "decision_number"),
    "applied_on": (Step.APPLY, "on_date"), "applied_unit_code": (Step.APPLY,
                                                                 "producing_unit__code"),
    "applied_decision": (Step.APPLY, "decision_number"),
    "proposed_on": (Step.PROPOSE, "on_date"),
    "extended_on": (Step.EXTEND, "on_date"),
    "extension_decision": (Step.EXTEND, "decision_number"),
    "new_end": (Step.EXTEND, "new_end"),
    "suspended_on": (Step.SUSPEND, "on_date"),
    "suspension_decision": (Step.SUSPEND, "decision_number"),
    "suspension_reason": (Step.SUSPEND, "note"),
    "resumed_on": (Step.RESUME, "on_date"), "resume_decision": (Step.RESUME, "decision_number"),
    "failed_on": (Step.FAIL_ACCEPTANCE, "on_date"),
    "failed_council": (Step.FAIL_ACCEPTANCE, "council"),
    "failed_decision": (Step.FAIL_ACCEPTANCE, "decision_number"),
    "failed_note": (Step.FAIL_ACCEPTANCE, "note"),
    "eligible_o_on": (Step.ELIGIBLE_O, "on_date"),
    "eligible_o_decision": (Step.ELIGIBLE_O, "decision_number"),
    "o_series_on": (Step.O_SERIES, "on_date"),
    "o_series_decision": (Step.O_SERIES, "decision_number"),
    "o_series_unit_code": (Step.O_SERIES, "producing_unit__code"),
    "cancelled_on": (Step.CANCEL, "on_date"),
    "cancellation_decision": (Step.CANCEL, "decision_number"),
    "cancellation_reason": (Step.CANCEL, "note"),
}


def with_milestones(projects: QuerySet[ResearchProject]) -> QuerySet[ResearchProject]:
    """Each milestone as an annotation `m_<name>` read from the steps, in the same query."""
    annotations: dict[str, Any] = {}
    for name, (step, source) in _MILESTONE_SOURCES.items():
        latest = (ProjectEvent.objects.filter(project=OuterRef("pk"), step=step)
                  .order_by("-on_date", "-id").values(source)[:1])
        annotations[f"m_{name}"] = Subquery(latest)
    # The first completion, when an acceptance failed: the one the council evaluated.
    first = (ProjectEvent.objects.filter(project=OuterRef("pk"), step=Step.COMPLETE)
             .order_by("on_date", "id").values("on_date")[:1])
    failed = ProjectEvent.objects.filter(project=OuterRef("pk"), step=Step.FAIL_ACCEPTANCE)
    annotations["m_first_completed_on"] = Case(When(Exists(failed), then=Subquery(first)),
                                               default=Value(None),
                                               output_field=DateField())
    return projects.select_related("host_unit", "product_type").annotate(**annotations)


def milestone_value(project: ResearchProject, key: str) -> Any:
    """The recorded value of a milestone column (a unit by its code), None when empty."""
    if key in UNIT_KEYS:
        return getattr(project, f"m_{key}_code", None) or None
    return getattr(project, f"m_{key}", None) or None


def milestone_text(project: ResearchProject, key: str) -> str:
    if key in UNIT_KEYS:
        return getattr(project, f"m_{key}_code", None) or ""
    value = getattr(project, f"m_{key}", None)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if key == "grade" and value:
        return str(Grade(value).label)
    return str(value or "")


# --- export ------------------------------------------------------------------------------------


def register_xlsx(projects: QuerySet[ResearchProject]) -> bytes:
    """The register in the importer's columns, one row per project, in one query."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(ProjectRegisterImporter.sheet_title)
    columns = ProjectRegisterImporter.columns
    sheet.append(bold_cells(sheet, [column.header for column in columns]))
    for project in with_milestones(projects).order_by("code"):
        sheet.append(sheet_cells(sheet, [_export_value(project, c.key) for c in columns]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _export_value(project: ResearchProject, key: str) -> Any:
    if key in MILESTONE_KEYS or key == "proposed_on":
        if key in UNIT_KEYS:
            return getattr(project, f"m_{key}_code", None)
        value = getattr(project, f"m_{key}", None)
        if key == "grade" and value:
            return str(Grade(value).label)
        return value or None
    if key == "host_unit":
        return project.host_unit.code
    if key == "product_type":
        return project.product_type.code if project.product_type else None
    if key == "members":
        return "; ".join(project.member_list) or None
    if key in ("level", "project_type", "classification"):
        return getattr(project, f"get_{key}_display")()
    return getattr(project, key)
