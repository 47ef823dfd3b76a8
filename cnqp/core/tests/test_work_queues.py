"""The work queues' registry (`core.work`): every app's queues found, and a declaration that
cannot work fails the system check instead of the page."""

from __future__ import annotations

import pytest

from cnqp.core import work


def test_every_app_declares_its_queues():
    names = set(work.registered())
    assert {"quality.reports_to_triage", "quality.actions_open",
            "quality.nonconformances_open", "safety.findings_open", "safety.inspections_due",
            "directives.tasks_open", "performance.returns_draft",
            "performance.returns_to_correct", "performance.returns_to_review",
            "documents.revisions_to_approve"} <= names
    assert work.check_work_queues() == []


@pytest.fixture
def restore():
    before = dict(work._queues)
    yield
    work._queues.clear()
    work._queues.update(before)


def test_a_bad_declaration_fails_the_check(restore):
    work.work_queue("nowhere.things", "x")(lambda user: None)
    work.work_queue("quality.no_user", "x")(lambda: None)
    ids = sorted(e.id for e in work.check_work_queues())
    assert ids == ["cnqp.E033", "cnqp.E034"]
    with pytest.raises(ValueError, match="registered twice"):
        work.work_queue("quality.no_user", "x")(lambda user: None)
