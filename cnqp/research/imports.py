"""The project register (sổ đăng ký đề tài, nhiệm vụ KHCN) as a spreadsheet, both ways.

Import: every row is validated first, across cells and against the lifecycle (dates in order,
each milestone with what it needs); then all rows are written through the services in one
transaction, or none. A new project is created and its milestones replayed as steps (opened →
started → completed → accepted → applied), so its figures count as if typed in one by one. An
existing project (same code) gets its descriptive fields updated; its history changes only
through its steps, so its milestone cells must match what is recorded (an exported register
imports back unchanged).

Export: `register_xlsx` writes the same columns, milestones read from the steps in one query.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
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
# Milestones: (date column, the other columns of the step), in lifecycle order.
MILESTONES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("opened_on", ("opening_decision",)),
    ("completed_on", ()),
    ("accepted_on", ("grade", "council", "acceptance_decision")),
    ("applied_on", ("applied_unit", "applied_decision")),
)
MILESTONE_KEYS = tuple(k for date, others in MILESTONES for k in (date, *others))


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
        """The milestones in order, each with what its step needs, none in the future."""
        today = timezone.localdate()
        dates = [(key, row.values.get(key)) for key in ("proposed_on", *dict(MILESTONES))]
        previous: tuple[str, dt.date] | None = None
        for key, value in dates:
            if value is None:
                continue
            if value > today:
                row.error(key, _("The date cannot be in the future."))
            if previous is not None and value < previous[1]:
                row.error(key, _("This date is before “%(column)s”.")
                          % {"column": self.headers[previous[0]]})
            previous = (key, value)
        reached = [bool(row.values.get(date)) for date, _others in MILESTONES]
        for index, (date, others) in enumerate(MILESTONES):
            if not reached[index]:
                for other in others:
                    if row.values.get(other):
                        row.error(other, _("Filled in, but “%(column)s” is empty.")
                                  % {"column": self.headers.get(date, date)})
                continue
            if index and not reached[index - 1]:
                row.error(date, _("A project reaches this step only after “%(column)s”.")
                          % {"column": self.headers.get(MILESTONES[index - 1][0])})
            for other in others:
                if not row.values.get(other):
                    row.error(other, _("Required with “%(column)s”.")
                              % {"column": self.headers.get(date, date)})
        if row.values.get("grade") == Grade.FAIL:
            row.error("grade", _("The register records passed acceptances; record a failed "
                                 "one as a step on the project's page."))
        if reached[0] and not self.may_decide:
            row.error("opened_on", _("Opening a project is a management decision you may not "
                                     "record; leave the milestones empty."))
        if reached[3] and not (row.values.get("product_type")):
            row.error("product_type", _("A project applied to production needs its product "
                                        "type."))

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
            if key == "applied_unit" and given is not None:
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
        project = services.create_project(
            actor, code=v["code"], level=v["level"], host_unit=v["host_unit"],
            planned_start=v["planned_start"], planned_end=v["planned_end"],
            proposed_on=v.get("proposed_on") or v.get("opened_on"),
            **self._fields(row))
        if v.get("opened_on"):
            project = services.open_project(actor, project, on_date=v["opened_on"],
                                             decision_number=v["opening_decision"])
            project = services.start_project(actor, project, on_date=v["opened_on"])
        if v.get("completed_on"):
            project = services.complete_project(actor, project, on_date=v["completed_on"])
        if v.get("accepted_on"):
            project = services.evaluate_project(
                actor, project, on_date=v["accepted_on"], council=v["council"],
                grade=v["grade"], decision_number=v["acceptance_decision"])
        if v.get("applied_on"):
            services.apply_to_production(actor, project, on_date=v["applied_on"],
                                         decision_number=v["applied_decision"],
                                         producing_unit=v["applied_unit"])
        return Outcome.CREATED


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
}


def with_milestones(projects: QuerySet[ResearchProject]) -> QuerySet[ResearchProject]:
    """Each milestone as an annotation `m_<name>` read from the steps, in the same query."""
    annotations = {}
    for name, (step, source) in _MILESTONE_SOURCES.items():
        latest = (ProjectEvent.objects.filter(project=OuterRef("pk"), step=step)
                  .order_by("-on_date", "-id").values(source)[:1])
        annotations[f"m_{name}"] = Subquery(latest)
    return projects.select_related("host_unit", "product_type").annotate(**annotations)


def milestone_value(project: ResearchProject, key: str) -> Any:
    """The recorded value of a milestone column (a unit by its code), None when empty."""
    if key == "applied_unit":
        return getattr(project, "m_applied_unit_code", None) or None
    return getattr(project, f"m_{key}", None) or None


def milestone_text(project: ResearchProject, key: str) -> str:
    if key == "applied_unit":
        return getattr(project, "m_applied_unit_code", None) or ""
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
        if key == "applied_unit":
            return getattr(project, "m_applied_unit_code", None)
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
