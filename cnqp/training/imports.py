"""Import of an existing register of training courses (sổ theo dõi huấn luyện) from XLSX or
CSV through the register engine: every row checked first (errors by row and column), then all
written through the services in one transaction, or nothing.

One row per course and participating unit: the course's columns (title, kind, organising unit,
dates, place, trainer, content, results, level) repeat on each of its rows and must agree; the
rows of one course are those with the same title, organising unit and start date. A unit is
named once per course; the participants are at least one, those who passed at most the
participants. Safety training is refused: it is recorded as a session of the safety module."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import Classification
from cnqp.core.imports import (
    Choice,
    Column,
    Date,
    Importer,
    Integer,
    Outcome,
    Reference,
    Row,
    RowFailed,
    Text,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import fold
from cnqp.core.units import units_in_reach
from cnqp.training import services
from cnqp.training.choices import SAFETY, FigureKind
from cnqp.training.models import TrainingCourse

COURSE_COLUMNS = ("title", "kind", "organiser", "start", "end", "place", "trainer",
                  "description", "results", "classification")
Key = tuple[str, int, Any]
# the kinds as the registers write them, whatever the catalogue holds
ALIASES = {"Chuyên ngành": "specialised", "Kỹ thuật": "technical", "Nghiệp vụ": "professional",
           "An toàn, vệ sinh lao động": SAFETY, "An toàn": SAFETY, "ATVSLĐ": SAFETY}


def course_key(values: dict[str, Any]) -> Key:
    return fold(values["title"]), values["organiser"].pk, values["start"]


class CourseImporter(Importer):
    name = "courses"
    label = gettext_lazy("Training courses")
    model = TrainingCourse
    permission = "training.add_trainingcourse"
    sheet_title = "Huấn luyện"
    level_column = "classification"
    field_columns = {"course": "title"}
    columns = (
        Column("title", "Tên lớp", Text(max_length=500), required=True),
        Column("kind", "Loại", Choice(FigureKind, aliases=ALIASES), required=True,
               help=gettext_lazy("Chuyên ngành, Kỹ thuật or Nghiệp vụ.")),
        Column("organiser", "Đơn vị tổ chức", Reference(OrgUnit), required=True,
               help=gettext_lazy("Your unit or one below it.")),
        Column("start", "Từ ngày", Date(), required=True),
        Column("end", "Đến ngày", Date(), required=True),
        Column("place", "Địa điểm", Text(max_length=255)),
        Column("trainer", "Giảng viên, đơn vị huấn luyện", Text(max_length=255)),
        Column("description", "Nội dung", Text(multiline=True)),
        Column("results", "Kết quả", Text(multiline=True)),
        # Required: an empty cell must never file a classified record as unclassified.
        Column("classification", "Độ mật", Choice(Classification), required=True),
        Column("unit", "Đơn vị tham gia", Reference(OrgUnit, scoped=False), required=True),
        Column("participants", "Số người tham gia", Integer(min_value=1), required=True),
        Column("passed", "Số người đạt", Integer(min_value=0)),
        Column("note", "Ghi chú", Text(max_length=500)),
    )

    def prepare(self, rows: list[Row]) -> None:
        ids = {row.values["organiser"].pk for row in rows}
        self.may_own = set(units_in_reach(self.actor).filter(pk__in=ids)
                           .values_list("pk", flat=True))
        self.today = timezone.localdate()
        self.first: dict[Key, Row] = {}
        self.units: dict[tuple[Key, int], int] = {}
        keys = {course_key(row.values) for row in rows}
        titles = {key[0] for key in keys}
        # only the courses the importer may see: one above their clearance is not named (no
        # constraint refuses a second course of the same title, so the row is written)
        self.recorded = {
            (fold(title), organiser, start)
            for title, organiser, start in scope_queryset(TrainingCourse.objects.filter(
                organiser_id__in=ids, start__in={key[2] for key in keys}), self.actor)
            .values_list("title", "organiser_id", "start") if fold(title) in titles}

    def validate_row(self, row: Row) -> None:
        v = row.values
        organiser: OrgUnit = v["organiser"]
        key = course_key(v)
        if v["kind"] == SAFETY:
            row.error("kind", _("Safety training is recorded as a training session of the "
                                "safety module: it is counted from there."))
        if organiser.pk not in self.may_own:
            row.error("organiser", _("%(code)s is not your unit or a unit below it.")
                      % {"code": organiser.code})
        if v["start"] > self.today:
            row.error("start", _("The date cannot be in the future."))
        if v["end"] < v["start"]:
            row.error("end", _("The course ends before it starts."))
        passed = v.get("passed")
        if passed is not None and passed > v["participants"]:
            row.error("passed", _("At most the %(participants)d participants.")
                      % {"participants": v["participants"]})
        elif passed is not None and v["end"] > self.today:
            row.error("passed", _("The course has not ended: its results come after."))
        if key in self.recorded:
            row.error("title", _("This course is already recorded."))
        first = self.first.setdefault(key, row)
        if first is not row:
            for name in COURSE_COLUMNS:
                if name in v and v.get(name) != first.values.get(name):
                    row.error(name, _("Not as on row %(row)d, the same course.")
                              % {"row": first.number})
        unit_key = (key, v["unit"].pk)
        if unit_key in self.units:
            row.error("unit", _("%(code)s is already listed for this course on row %(row)d.")
                      % {"code": v["unit"].code, "row": self.units[unit_key]})
        self.units.setdefault(unit_key, row.number)

    def write(self, actor: User, rows: list[Row]) -> Counter[Outcome]:
        counts: Counter[Outcome] = Counter()
        made: dict[Key, TrainingCourse] = {}
        for row in rows:
            v = row.values
            key = course_key(v)
            try:
                if key not in made:
                    made[key] = services.create_course(
                        actor, title=v["title"], kind=v["kind"], organiser=v["organiser"],
                        start=v["start"], end=v["end"], place=v.get("place") or "",
                        trainer=v.get("trainer") or "", description=v.get("description") or "",
                        results=v.get("results") or "", classification=v["classification"])
                    counts[Outcome.CREATED] += 1
                services.add_participation(
                    actor, course=made[key], unit=v["unit"], participants=v["participants"],
                    passed=v.get("passed"), note=v.get("note") or "")
            except ValidationError as exc:
                raise RowFailed(self.issues_from(row, exc)) from exc
        return counts

    def write_row(self, actor: User, row: Row) -> Outcome:  # rows are written by `write`
        raise NotImplementedError


IMPORTERS: dict[str, type[Importer]] = {CourseImporter.name: CourseImporter}
