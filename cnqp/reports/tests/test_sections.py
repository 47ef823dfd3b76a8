"""Sections: discovered generically, equal to each module's own figures, scoped by the
reader, marked with the level of what they count."""

from __future__ import annotations

import datetime as dt
import types
from typing import Any

import pytest

from cnqp.core.choices import Classification
from cnqp.core.figures.reporting import ReportPeriod, ReportSection, SectionSpec
from cnqp.documents.report import document_figures
from cnqp.documents.report import render_section as documents_text
from cnqp.production.report import production_figures
from cnqp.production.report import render_section as production_text
from cnqp.reports import assembly
from cnqp.reports.assembly import ReportSpec, available_sections, build_report, sections_for
from cnqp.reports.choices import ReportKind
from cnqp.reports.tests.conftest import PERIOD_END, PERIOD_START, YEAR
from cnqp.research.report import render_section as research_text
from cnqp.research.report import research_figures

PERIOD = ReportPeriod.annual(YEAR)


def spec(unit: Any = None, sections: list[str] | None = None, **kwargs: Any) -> ReportSpec:
    return ReportSpec(kind=ReportKind.ANNUAL, period=PERIOD, unit=unit,
                      sections=sections or ["research", "documents", "production"],
                      number="05", date=dt.date(YEAR + 1, 1, 5), **kwargs)


def by_key(report: Any) -> dict[str, ReportSection]:
    return {s.key: s for s in report.sections}


def test_sections_are_discovered_in_order() -> None:
    keys = [s.key for s in available_sections()]
    assert keys[:3] == ["research", "documents", "production"]


def test_a_later_module_appears_without_a_change(monkeypatch: Any, rw: Any) -> None:
    """A later app only adds its report.py with the pair."""
    later = types.ModuleType("cnqp.later.report")
    later.SECTION = SectionSpec(key="later", title="Phân hệ mới", order=50)
    later.build_section = lambda user, period, unit: ReportSection(
        title="Phân hệ mới", paragraphs=[f"{user.username} {period.year}"],
        classification=Classification.CONFIDENTIAL, key="later")
    real = assembly.app_modules
    monkeypatch.setattr(assembly, "app_modules",
                        lambda name: [*real(name), ("production", later)])
    keys = [s.key for s in available_sections()]
    assert keys == ["research", "documents", "production", "performance", "quality", "safety",
                    "later", "cooperation", "training", "legal", "directives", "awards", "press"]
    report = build_report(rw.admin, spec(sections=["later", "research"]))
    assert [s.key for s in report.sections] == ["research", "later"]
    assert report.sections[1].paragraphs == [f"{rw.admin.username} {YEAR}"]


def test_report_figures_equal_the_module_figures(rw: Any) -> None:
    sections = by_key(build_report(rw.admin, spec()))
    research = research_text(research_figures(rw.admin, PERIOD_START, PERIOD_END))
    documents = documents_text(document_figures(rw.admin, PERIOD_START, PERIOD_END), YEAR)
    production = production_text(production_figures(rw.admin, PERIOD_START, PERIOD_END))
    for key, expected in (("research", research), ("documents", documents),
                          ("production", production)):
        assert sections[key].paragraphs == expected.paragraphs
        own = sections[key].tables[:len(expected.tables)]  # then the comparison (a year before)
        assert [t.rows for t in own] == [t.rows for t in expected.tables]
    # And the numbers themselves, on the hand-built data.
    totals = sections["research"].tables[0].rows[-1]
    assert totals[:5] == ["Tổng cộng", 3, 3, 1, 1]  # in execution, opened, completed, accepted
    assert "3 đề tài, nhiệm vụ KHCN" in sections["research"].paragraphs[0]
    assert "1/1 chủng loại sản phẩm" in sections["production"].paragraphs[0]
    assert sections["documents"].tables[0].rows[-1][1] == 1  # issued for the first time


def test_sections_carry_the_level_of_what_they_count(rw: Any) -> None:
    sections = by_key(build_report(rw.admin, spec()))
    assert sections["research"].classification == Classification.SECRET  # Z113's project
    assert {t.classification for t in sections["research"].tables} == {Classification.SECRET}
    assert sections["production"].classification == Classification.UNCLASSIFIED
    assert build_report(rw.admin, spec()).marking == "TỐI MẬT"
    # Without the secret project's section, or for a reader who cannot see it: no marking.
    assert build_report(rw.admin, spec(sections=["production", "documents"])).marking == ""
    low = build_report(rw.low, spec())
    assert low.marking == "" and by_key(low)["research"].tables[0].rows[-1][1] == 2


def test_a_user_of_one_enterprise_gets_that_enterprise_only(rw: Any, org: Any) -> None:
    report = build_report(rw.z111, spec(unit=org.enterprise_a))
    sections = by_key(report)
    assert report.header.issuing_unit == "NHÀ MÁY Z111"
    assert report.header.parent_agency == "TỔNG CỤC CÔNG NGHIỆP QUỐC PHÒNG"
    assert report.header.number_line == "Số: 05/BC-Z111"
    assert sections["research"].tables[0].rows[-1][1] == 2  # DT-A1, DT-A2; not Z113's
    enterprises = [row[0] for row in sections["production"].tables[0].rows[:-1]]
    assert enterprises == ["Z111 Nhà máy Z111"]
    assert report.marking == ""
    # Even without naming a unit, a Z111 user counts only what Z111 may see.
    assert by_key(build_report(rw.z111, spec()))["research"].tables[0].rows[-1][1] == 2


def test_sections_offered_follow_the_reader_s_permissions(rw: Any, org: Any,
                                                          make_user: Any) -> None:
    user_unit = make_user(["user_unit_staff"], org.user_unit)
    assert [s.key for s in sections_for(user_unit)] == ["production", "quality"]
    with pytest.raises(ValueError, match="research"):
        build_report(user_unit, spec(sections=["research"]))


def test_a_failed_unit_outside_any_plan_does_not_fail_the_plan(rw: Any, org: Any) -> None:
    """The failed acceptances are one set of plan items: a unit built outside any plan must
    not put an unknown (NULL) into it."""
    from cnqp.production.factories import SerialUnitFactory
    from cnqp.production.report import plan_completion
    from cnqp.production.tests.conftest import accept

    world = rw.production
    before = plan_completion(rw.admin, YEAR)
    loose = SerialUnitFactory(enterprise=org.enterprise_a, product_type=world.product_type,
                              revision=world.revision, plan_item=None)
    accept(world, loose.node, passed=False)
    after = plan_completion(rw.admin, YEAR)
    assert (after.done, after.total) == (before.done, before.total) == (1, 1)
    assert after.enterprises[0].quality_passed == 1
