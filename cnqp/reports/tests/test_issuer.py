"""A department reports on its domain for the whole directorate: the issuing unit (whose name
and number the report carries) is apart from the unit whose figures it prints. Before, choosing
Cục QLCN as the unit also limited the figures to the projects it hosts ("Thực hiện 0 đề tài")."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cnqp.core.choices import Classification
from cnqp.reports import services
from cnqp.reports.assembly import build_report
from cnqp.reports.forms import ReportBuilderForm
from cnqp.reports.tests.test_generation import spec
from cnqp.reports.tests.test_sections import PERIOD
from cnqp.research.report import render_section as research_text
from cnqp.research.report import research_figures


@pytest.fixture
def qlcn(rw: Any, org: Any, make_user: Any) -> Any:
    return make_user(["department_staff"], org.department, Classification.SECRET,
                     username="qlcn")


def test_a_department_issues_the_directorate_wide_figures_of_its_domain(
        rw: Any, org: Any, qlcn: Any) -> None:
    report = build_report(qlcn, spec(sections=["research"], issuer=org.department))
    assert report.header.issuing_unit == "CỤC QUẢN LÝ CÔNG NGHỆ"
    assert report.header.symbol == "BC-QLCN"
    assert report.header.parent_agency == org.root.name.upper()
    everywhere = research_figures(qlcn, PERIOD.start, PERIOD.end)
    assert report.sections[0].paragraphs == research_text(everywhere).paragraphs
    assert everywhere.in_execution == 3  # Z111's two and Z113's secret one
    assert "của toàn Tổng cục" in report.introduction[0]
    # The old way, the department as the reported unit, counts only what it hosts.
    own = build_report(qlcn, spec(unit=org.department, sections=["research"]))
    assert own.sections[0].paragraphs != report.sections[0].paragraphs
    assert "của toàn" not in own.introduction[0]


def test_the_figures_are_still_only_what_the_user_may_see(rw: Any, org: Any,
                                                          make_user: Any) -> None:
    low = make_user(["department_staff"], org.department, Classification.UNCLASSIFIED)
    report = build_report(low, spec(sections=["research"], issuer=org.department))
    seen = research_figures(low, PERIOD.start, PERIOD.end)
    assert seen.in_execution == 2  # not the secret project
    assert report.sections[0].paragraphs == research_text(seen).paragraphs


def test_the_issuer_numbers_its_own_reports(rw: Any, org: Any, qlcn: Any) -> None:
    first = services.request_report(qlcn, spec(issuer=org.department), ["xlsx"])
    second = services.request_report(qlcn, spec(issuer=org.department), ["xlsx"])
    directorate = services.request_report(rw.admin, spec(), ["xlsx"])
    assert [first.number, second.number, directorate.number] == [
        "01/BC-QLCN", "02/BC-QLCN", "01/BC-TCCNQP"]
    assert first.unit is None and first.params["issuer"] == "QLCN"
    assert services.spec_from_params(first.params).issuer == org.department


def test_nobody_issues_in_the_name_of_a_unit_beyond_their_reach(rw: Any, org: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.request_report(rw.z111, spec(unit=org.enterprise_a, issuer=org.department),
                                ["xlsx"])
    assert set(caught.value.error_dict) == {"issuer"}


def test_the_builder_offers_a_department_its_domain(rw: Any, org: Any, qlcn: Any) -> None:
    form = ReportBuilderForm(user=qlcn)
    assert form.initial["issuer"] == "QLCN"
    assert set(form.initial["sections"]) == set(qlcn.org_unit.domain_list)  # its domain
    assert "issuer" not in ReportBuilderForm(user=rw.admin).initial
