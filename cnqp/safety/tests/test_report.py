"""The annual report's safety section: discovered after quality's, its sentences computed from
the figures in the articles' terms (the comparison with 2011-2015, no especially serious
incident, the zero target, the general reviews' findings still open), the comparison table of
unequal periods, and no more than the reader may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from cnqp.core.choices import Classification
from cnqp.core.figures.reporting import ReportPeriod, ReportSection
from cnqp.quality.selectors import Period
from cnqp.reports.assembly import available_sections
from cnqp.safety import figures, report
from cnqp.safety.tests.test_figures import History, history  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_the_section_is_discovered_after_quality() -> None:
    keys = [s.key for s in available_sections()]
    assert "safety" in keys and keys.index("safety") == keys.index("quality") + 1
    assert report.SECTION.order > 40


def test_the_default_comparison() -> None:
    assert figures.default_comparison(ReportPeriod.annual(2021)) == (
        figures.BASELINE, Period(dt.date(2016, 1, 1), dt.date(2021, 12, 31)))
    assert figures.default_comparison(ReportPeriod.annual(2014)) == (
        Period(dt.date(2013, 1, 1), dt.date(2013, 12, 31)),
        Period(dt.date(2014, 1, 1), dt.date(2014, 12, 31)))
    assert report.period_label(figures.BASELINE) == "2011-2015"
    assert report.period_label(Period(dt.date(2016, 7, 1), dt.date(2021, 12, 31))) == \
        "01/07/2016-31/12/2021"


def test_the_annual_section_of_2021(history: History) -> None:  # noqa: F811
    with translation.override("en"):
        section = report.build_section(history.world.safety_staff, ReportPeriod.annual(2021),
                                       None)
    assert isinstance(section, ReportSection) and section.key == "safety"
    assert section.classification == Classification.SECRET
    text = "\n".join(section.paragraphs)
    assert ("Compared with 2011-2015, the number of incidents and the damage caused by lapses "
            "in production safety in 2016-2021 decreased significantly: 4 incidents against 5 "
            "(-1, -20,0%), 0,7 a year against 1,0") in text
    assert "damage 6.050.000.000 VND against 1.700.000.000 VND (255,9%)" in text
    # no incident in 2021: said in words, not "0 incidents: 0 deaths, 0 ..."
    assert "From 01/01/2021 to 31/12/2021 there was no incident" in text
    assert "0 incidents" not in section.paragraphs[1]
    assert "No finding was made or closed in the period; 2 remain to be fixed" in text
    assert "Target met" in text
    assert ("Findings of the 2017, 2019 general reviews still to be fixed: 2 (2017: 1; "
            "2019: 1)") in text
    comparison = section.tables[0]
    assert comparison.columns[1:5] == ["2011-2015", "2011-2015, per year", "2016-2021",
                                       "2016-2021, per year"]
    assert comparison.rows[0] == ["Incidents", 5, "1,0", 4, "0,7", -1, "-20,0%", "-33,3%"]
    assert comparison.rows[-1][1:4] == [1_700_000_000, "340.000.000", 6_050_000_000]  # whole đồng


def test_the_section_of_2019_names_the_serious_incidents(history: History) -> None:  # noqa: F811
    with translation.override("en"):
        section = report.build_section(history.world.safety_staff, ReportPeriod.annual(2019),
                                       None)
    text = "\n".join(section.paragraphs)
    assert ("From 01/01/2019 to 31/12/2019 there were 3 incidents: 0 deaths, 2 seriously and "
            "1 slightly injured, 105 days off work, damage 6.050.000.000 VND; 1 near misses "
            "were recorded.") in text
    assert "Target not met" in text and "research and prototyping: 1" in text
    assert "of 3 in service on 31/12/2019, 1 had a valid inspection (33,3%) and 2 were " \
        "overdue" in text
    assert "3 safety training certificates were valid, 1 expire within 30 days" in text
    assert "2 findings were made and 1 were fixed and verified (median 40,0 days" in text
    titles = [t.title for t in section.tables]
    assert "Incidents by unit" in titles and "Findings by review campaign" in titles
    zero = next(t for t in section.tables if t.columns[-1] == "Target")
    assert zero.rows == [["Production", 0, 1, 0], ["Research and prototyping", 0, 1, 0]]


def test_a_reader_of_one_unit_reads_only_its_figures(history: History) -> None:  # noqa: F811
    with translation.override("en"):
        section = report.build_section(history.world.staff_b, ReportPeriod.annual(2019),
                                       history.world.org.enterprise_b)
        low = report.build_section(history.world.low_a, ReportPeriod.annual(2019), None)
    assert "there were 1 incidents" in section.paragraphs[1]
    assert section.tables[0].rows[0][1:4] == [2, "0,4", 1]  # 2011-2015 vs 2016-2019, Z113
    assert low.classification == 0 and "there were 1 incidents" in low.paragraphs[1]
