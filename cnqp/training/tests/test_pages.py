"""Pages render for the enterprise's staff, the BTM's staff and leadership (in Vietnamese, the
default); the course list says where safety training is; another enterprise does not see a
course; the import of a register: all rows or nothing, errors by row and column, through the
importer and the command."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from cnqp.core.choices import Classification
from cnqp.training.imports import CourseImporter
from cnqp.training.models import Participation, TrainingCourse
from cnqp.training.tests.conftest import World

HEADER = ("Tên lớp,Loại,Đơn vị tổ chức,Từ ngày,Đến ngày,Địa điểm,Độ mật,Đơn vị tham gia,"
          "Số người tham gia,Số người đạt\n")
GOOD = (HEADER
        + "Bồi dưỡng nâng bậc thợ,Kỹ thuật,Z111,08/05/2023,12/05/2023,Hội trường,Thường,"
          "Z111,30,28\n"
        + "Bồi dưỡng nâng bậc thợ,Kỹ thuật,Z111,08/05/2023,12/05/2023,Hội trường,Thường,"
          "Z111-PX1,10,\n"
        + "Tập huấn nghiệp vụ kế toán,Nghiệp vụ,Z111-PX1,01/09/2023,02/09/2023,,Thường,"
          "Z111-PX1,6,6\n")


@pytest.mark.parametrize("who", ["enterprise", "staff", "leader"])
def test_pages_render(world: World, client_for: Any, who: str) -> None:
    course = world.course()
    client = client_for(getattr(world, who))
    page = client.get(reverse("training:courses-list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="safety-training"' in text and "/safety/sessions/" in text
    assert client.get(reverse("training:participations-list")).status_code == 200
    detail = client.get(reverse("training:courses-detail", args=[course.pk]))
    assert detail.status_code == 200 and course.title in detail.content.decode()
    assert client.get(reverse("training:courses-list") + "?kind=technical&export=csv"
                      ).status_code == 200
    assert client.get("/api/training/courses").status_code == 200
    assert client.get("/api/training/participations").status_code == 200


def test_the_form_offers_no_safety_kind(world: World, client_for: Any) -> None:
    page = client_for(world.enterprise).get(reverse("training:courses-create"))
    assert page.status_code == 200
    assert 'value="technical"' in page.content.decode()
    assert 'value="safety"' not in page.content.decode()


def test_another_enterprise_does_not_see_the_course(world: World, client_for: Any) -> None:
    course = world.course()
    client = client_for(world.other)
    assert client.get(reverse("training:courses-detail", args=[course.pk])).status_code == 404
    # a unit that took part sees the course and its own line only
    shared = world.course(sent=[(world.org.enterprise_a, 5, 5), (world.org.enterprise_b, 4, 4)])
    assert client.get(reverse("training:courses-detail", args=[shared.pk])).status_code == 200
    lines = client.get("/api/training/participations").json()
    assert [row["unit_id"] for row in lines["items"]] == [world.org.enterprise_b.pk]


def test_a_good_register_is_written(world: World, tmp_path: Path) -> None:
    good = tmp_path / "so-huan-luyen.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("import_training", str(good), "--user", world.enterprise.username,
                 stdout=io.StringIO())
    assert TrainingCourse.objects.count() == 2
    course = TrainingCourse.objects.get(title="Bồi dưỡng nâng bậc thợ")
    assert sorted(course.participations.values_list("unit__code", "participants", "passed")) == [
        ("Z111", 30, 28), ("Z111-PX1", 10, None)]


@pytest.mark.parametrize(("bad", "row", "column"), [
    ("An toàn lao động,An toàn, vệ sinh lao động,Z111,01/03/2023,02/03/2023,,Thường,Z111,5,5",
     5, "Loại"),  # safety training is the safety module's
    ("Lớp X,Kỹ thuật,Z113,01/03/2023,02/03/2023,,Thường,Z113,5,5", 5, "Đơn vị tổ chức"),
    ("Lớp X,Kỹ thuật,Z111,01/03/2023,02/03/2023,,Thường,Z111,5,6", 5, "Số người đạt"),
    ("Lớp X,Kỹ thuật,Z111,01/03/2099,02/03/2099,,Thường,Z111,5,", 5, "Từ ngày"),
    ("Bồi dưỡng nâng bậc thợ,Kỹ thuật,Z111,08/05/2023,12/05/2023,Hội trường,Thường,Z111,3,3",
     5, "Đơn vị tham gia"),  # Z111 twice in one course
    ("Bồi dưỡng nâng bậc thợ,Kỹ thuật,Z111,08/05/2023,13/05/2023,Hội trường,Thường,Z113,3,3",
     5, "Đến ngày"),  # the same course, another end
    ("Lớp X,Kỹ thuật,Z111,01/03/2023,02/03/2023,,Thường,Z111,0,", 5, "Số người tham gia"),
])
def test_a_bad_register_writes_nothing(world: World, bad: str, row: int, column: str) -> None:
    text = GOOD.replace("Lớp A", "Lớp A") + bad.replace("An toàn, vệ sinh lao động",
                                                        '"An toàn, vệ sinh lao động"') + "\n"
    result = CourseImporter(world.enterprise).run(io.BytesIO(text.encode()), "so.csv")
    assert not result.ok
    assert (row, column) in {(e.row, e.column) for e in result.errors}
    assert not TrainingCourse.objects.exists() and not Participation.objects.exists()


def test_the_command_refuses_a_bad_file(world: World, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "Lớp X,Kỹ thuật,Z113,01/03/2023,02/03/2023,,Thường,Z113,5,5\n",
                   encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_training", str(bad), "--user", world.enterprise.username)
    assert not TrainingCourse.objects.exists()


ROW = "Bồi dưỡng nâng bậc thợ,Kỹ thuật,Z111,08/05/2023,12/05/2023,Hội trường,Thường,Z111,30,28\n"


def test_a_course_already_recorded_is_refused(world: World) -> None:
    world.course(title="Bồi dưỡng nâng bậc thợ", on=dt.date(2023, 5, 8))
    result = CourseImporter(world.enterprise).run(io.BytesIO((HEADER + ROW).encode()),
                                                  "so.csv")
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "Tên lớp", "Lớp này đã được ghi nhận.")]
    assert TrainingCourse.objects.count() == 1


def test_a_hidden_course_is_not_revealed_by_the_import(world: World) -> None:
    """A course above the importer's clearance (Z111's, Tối mật) is not named: the row is
    written as it would be had the importer typed it on the form."""
    world.course(title="Bồi dưỡng nâng bậc thợ", on=dt.date(2023, 5, 8),
                 classification=Classification.SECRET)
    result = CourseImporter(world.enterprise).run(io.BytesIO((HEADER + ROW).encode()),
                                                  "so.csv")
    assert result.ok, result.errors
    assert TrainingCourse.objects.filter(title="Bồi dưỡng nâng bậc thợ").count() == 2
