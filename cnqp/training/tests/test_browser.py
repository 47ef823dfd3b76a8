"""The main task in a real browser: the enterprise's staff record a course of their factory
from the menu (the form offers no safety kind), then its participants by unit from the
course's page; the BTM finds it in the list; another enterprise does not."""

from __future__ import annotations

from typing import Any

from cnqp.core.testing.browser import menu, save, screenshot
from cnqp.training.models import TrainingCourse
from cnqp.training.tests.conftest import World


def test_record_a_course_and_its_participants(world: World, log_in_as: Any) -> None:
    world.course(world.org.enterprise_b, title="Lớp của Z113")
    page = log_in_as(world.enterprise)
    menu(page, "Training", "Training courses")
    assert page.locator("#safety-training").count() == 1
    page.locator("main a[href$='/training/courses/new/']").first.click()
    assert page.locator("#id_kind option[value='safety']").count() == 0
    page.fill("#id_title", "Bồi dưỡng nâng bậc thợ tiện")
    page.select_option("#id_kind", "technical")
    page.select_option("#id_organiser", str(world.org.enterprise_a.pk))
    page.fill("#id_start", "08/05/2023")
    page.fill("#id_end", "12/05/2023")
    page.fill("#id_place", "Hội trường Z111")
    screenshot(page, "01-new-course")
    save(page, r"/training/courses/\d+/$")
    course = TrainingCourse.objects.get(title="Bồi dưỡng nâng bậc thợ tiện")
    assert (course.organiser_id, str(course.start)) == (world.org.enterprise_a.pk, "2023-05-08")
    page.locator(f"main a[href$='/training/participations/new/?course={course.pk}']").click()
    page.select_option("#id_unit", str(world.org.workshop_a1.pk))
    page.fill("#id_participants", "24")
    page.fill("#id_passed", "23")
    save(page, r"/training/participations/\d+/$")
    line = course.participations.get()
    assert (line.unit_id, line.participants, line.passed) == (world.org.workshop_a1.pk, 24, 23)
    screenshot(page, "02-participants")

    page = log_in_as(world.staff)
    menu(page, "Training", "Training courses")
    text = page.locator("main table tbody").inner_text()
    assert "Bồi dưỡng nâng bậc thợ tiện" in text and "Lớp của Z113" in text

    page = log_in_as(world.other)
    menu(page, "Training", "Training courses")
    text = page.locator("main table tbody").inner_text()
    assert "Bồi dưỡng nâng bậc thợ tiện" not in text and "Lớp của Z113" in text
