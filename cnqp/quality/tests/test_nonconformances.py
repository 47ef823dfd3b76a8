"""Non-conformances and corrective actions: every illegal step refused with its reason and
nothing written; closing an action needs an effectiveness check that found it effective."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cnqp.documents import services as documents
from cnqp.documents.choices import DocumentKind, RevisionStatus
from cnqp.documents.factories import DocumentSetFactory, RevisionFactory
from cnqp.production.factories import MaterialLotFactory
from cnqp.quality import services
from cnqp.quality.choices import (
    ActionStatus,
    NCSource,
    NCStatus,
    ReportStatus,
    RootCauseStage,
    Severity,
)
from cnqp.quality.models import CorrectiveAction, NonConformance
from cnqp.quality.tests.conftest import YEAR, accept, file_report

TODAY = timezone.localdate


def review(line: Any, **kwargs: Any) -> NonConformance:
    values: dict[str, Any] = dict(
        title="Độ cứng khóa nòng thấp", source=NCSource.REVIEW,
        enterprise=line.world.org.enterprise_a, product_type=line.world.product_type,
        severity=Severity.MAJOR, detected_on=dt.date(YEAR, 10, 1), serials=line.rifles,
        revision=line.world.revision, material_lot=line.steel, operation_step="Nhiệt luyện")
    values.update(kwargs)
    return services.create_nonconformance(line.qlcn, **values)


def action(line: Any, nc: NonConformance, **kwargs: Any) -> CorrectiveAction:
    values: dict[str, Any] = dict(nonconformance=nc, title="Sửa quy trình nhiệt luyện",
                                  owner_unit=line.world.org.enterprise_a,
                                  owner=line.world.staff, due_date=dt.date(YEAR, 12, 31))
    values.update(kwargs)
    return services.create_action(line.qlcn, **values)


def implemented(line: Any, nc: NonConformance, **kwargs: Any) -> CorrectiveAction:
    act = action(line, nc, **kwargs)
    services.start_action(line.world.staff, act, on_date=dt.date(YEAR, 10, 5))
    return services.implement_action(line.world.staff, act, on_date=dt.date(YEAR, 11, 5))


def test_review_links_and_level(line):
    nc = review(line)
    assert nc.code == f"KPH-{YEAR}-0001" and nc.status == NCStatus.OPEN
    assert set(nc.serials.all()) == set(line.rifles)
    assert (nc.revision, nc.material_lot, nc.operation_step) == (
        line.world.revision, line.steel, "Nhiệt luyện")


@pytest.mark.parametrize("change, field", [
    (lambda line: {"serials": [line.rifles[0]], "enterprise": line.world.org.enterprise_b},
     "serials"),
    (lambda line: {"revision": RevisionFactory(document_set=DocumentSetFactory(
        kind=DocumentKind.TECHNOLOGY, product_type=line.world.product_type))}, "revision"),
    (lambda line: {"material_lot": MaterialLotFactory(enterprise=line.world.org.enterprise_b)},
     "material_lot"),
    (lambda line: {"source": NCSource.FIELD_REPORT}, "source"),
    (lambda line: {"source": NCSource.INSPECTION}, "inspection"),
    (lambda line: {"detected_on": TODAY() + dt.timedelta(days=1)}, "detected_on"),
    (lambda line: {"enterprise": line.world.org.user_unit, "serials": []}, "enterprise"),
])
def test_bad_links_refused_and_nothing_written(line, change, field):
    with pytest.raises(ValidationError) as error:
        review(line, **change(line))
    assert field in error.value.message_dict
    assert not NonConformance.objects.exists()


def test_from_a_failed_inspection_only(line):
    rifle = line.rifles[0]
    passed = rifle.node.inspections.get()
    with pytest.raises(ValidationError) as error:
        review(line, source=NCSource.INSPECTION, inspection=passed, serials=[])
    assert "inspection" in error.value.message_dict
    failed = accept(line.world, rifle.node, passed=False, date=dt.date(YEAR, 8, 1))
    nc = review(line, source=NCSource.INSPECTION, inspection=failed, serials=[],
                material_lot=None)
    assert list(nc.serials.all()) == [rifle]


def test_analysis_to_one_of_four_stages(line):
    nc = review(line)
    for bad in ({"stage": "luck", "root_cause": "x"},
                {"stage": RootCauseStage.MATERIAL, "root_cause": " "}):
        with pytest.raises(ValidationError):
            services.analyse_nonconformance(line.qlcn, nc, **bad)
    nc.refresh_from_db()
    assert nc.status == NCStatus.OPEN and not nc.root_cause_stage
    nc = services.analyse_nonconformance(line.qlcn, nc, stage=RootCauseStage.MATERIAL,
                                         root_cause="Thép không đạt độ cứng")
    assert nc.status == NCStatus.ANALYSED and nc.root_cause_stage == "material"


def test_closing_a_nonconformance_needs_every_action_closed(line):
    nc = review(line)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.close_nonconformance(line.qlcn, nc)
    assert "root cause" in str(error.value)
    nc = services.analyse_nonconformance(line.qlcn, nc, stage=RootCauseStage.DESIGN,
                                         root_cause="Bán kính góc lượn quá nhỏ")
    with pytest.raises(ValidationError) as error:
        services.close_nonconformance(line.qlcn, nc)
    assert "actions" in error.value.message_dict
    act = implemented(line, nc)
    with pytest.raises(ValidationError) as error:
        services.close_nonconformance(line.qlcn, nc)
    assert "actions" in error.value.message_dict
    services.check_effectiveness(line.qlcn, act, effective=True, note="Bắn thử 3.000 phát",
                                 on_date=dt.date(YEAR, 12, 1))
    services.close_action(line.qlcn, act, on_date=dt.date(YEAR, 12, 2))
    nc = services.close_nonconformance(line.qlcn, nc, on_date=dt.date(YEAR, 12, 3))
    assert nc.status == NCStatus.CLOSED and nc.closed_on == dt.date(YEAR, 12, 3)
    with pytest.raises(ValidationError):
        services.analyse_nonconformance(line.qlcn, nc, stage="design", root_cause="x")
    with pytest.raises(ValidationError):
        action(line, nc)


def test_closing_an_action_without_the_effectiveness_check_is_refused(line):
    nc = review(line)
    act = implemented(line, nc)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.close_action(line.qlcn, act)
    assert "effective" in error.value.message_dict
    assert "effectiveness check" in str(error.value)
    act.refresh_from_db()
    assert act.status == ActionStatus.IMPLEMENTED and act.closed_on is None


def test_an_ineffective_check_sends_the_action_back(line):
    act = implemented(line, review(line))
    with pytest.raises(ValidationError) as error:  # the owner does not check their own
        services.check_effectiveness(line.world.staff, act, effective=True, note="Tốt")
    assert "checked_by" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.check_effectiveness(line.qlcn, act, effective=False, note=" ")
    act = services.check_effectiveness(line.qlcn, act, effective=False,
                                       note="Vẫn nứt sau 500 phát")
    assert act.status == ActionStatus.IN_PROGRESS and act.effective is False
    with pytest.raises(ValidationError):  # an old failed check does not let it close
        services.close_action(line.qlcn, act)


@pytest.mark.parametrize("steps, refused", [
    ((), "implement"),
    ((), "check"),
    ((), "close"),
    (("start",), "start"),
    (("start",), "close"),
    (("start",), "check"),
])
def test_each_illegal_step_refused(line, steps, refused):
    act = action(line, review(line))
    calls = {
        "start": lambda: services.start_action(line.world.staff, act),
        "implement": lambda: services.implement_action(line.world.staff, act),
        "check": lambda: services.check_effectiveness(line.qlcn, act, effective=True,
                                                      note="ok"),
        "close": lambda: services.close_action(line.qlcn, act),
    }
    for step in steps:
        calls[step]()
    before = CorrectiveAction.objects.get(pk=act.pk).status
    with pytest.raises(ValidationError) as error:
        calls[refused]()
    assert "status" in error.value.message_dict
    assert CorrectiveAction.objects.get(pk=act.pk).status == before


def test_the_new_revision_must_be_issued_before_closing(line):
    design = line.world.revision.document_set
    draft = documents.create_revision(line.qlcn, design, reason="Tăng bán kính góc lượn")
    act = implemented(line, review(line), new_revision=draft)
    services.check_effectiveness(line.qlcn, act, effective=True, note="Đạt",
                                 on_date=dt.date(YEAR, 12, 1))
    with pytest.raises(ValidationError) as error:
        services.close_action(line.qlcn, act)
    assert "new_revision" in error.value.message_dict
    documents.submit_revision(line.qlcn, draft, on_date=dt.date(YEAR, 11, 20))
    documents.approve_revision(line.world.admin, draft, on_date=dt.date(YEAR, 11, 20))
    documents.issue_revision(line.qlcn, draft, decision_number="15/QĐ-TCCNQP",
                             issue_date=dt.date(YEAR, 11, 20))
    assert services.close_action(line.qlcn, act).status == ActionStatus.CLOSED
    act.new_revision.refresh_from_db()
    assert act.new_revision.status == RevisionStatus.ISSUED


def test_action_rules(line):
    nc = review(line)
    with pytest.raises(ValidationError) as error:
        action(line, nc, due_date=dt.date(YEAR, 1, 1))
    assert "due_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        action(line, nc, owner=line.world.staff_b)
    assert "owner" in error.value.message_dict
    other_type = RevisionFactory()
    with pytest.raises(ValidationError) as error:
        action(line, nc, new_revision=other_type)
    assert "new_revision" in error.value.message_dict
    act = action(line, nc, due_date=dt.date(YEAR, 10, 2))
    assert act.is_overdue and act.code == f"BPKP-{YEAR}-0001"
    with pytest.raises(ValidationError):
        services.create_action(line.world.staff_b, nonconformance=nc, title="x",
                               owner_unit=line.world.org.enterprise_b,
                               due_date=dt.date(YEAR, 12, 1))
    services.start_action(line.world.staff, act)
    with pytest.raises(ValidationError):
        services.delete_action(line.qlcn, act)


def test_deleting_a_triaged_nonconformance_returns_the_report(line):
    report = file_report(line)
    nc = services.open_nonconformance(line.world.staff, report)
    action(line, nc)
    with pytest.raises(ValidationError):
        services.delete_nonconformance(line.qlcn, nc)
    nc.actions.all().delete()
    services.delete_nonconformance(line.qlcn, nc)
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW and report.triaged_by is None
