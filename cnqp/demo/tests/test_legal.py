"""The demo's legal work tells the articles' story (cnqp/legal/demo.py): Cục QLCN's 2021 review
("Trong năm 2021, đã triển khai xây dựng 02 Thông tư về ..."), the first half of 2022
("Hoàn thiện hồ sơ đề nghị xây dựng Luật Công nghiệp quốc phòng, an ninh và động viên công
nghiệp để xin ý kiến các bộ, ngành, địa phương"), 2023's documents issued and the register,
the law passed on 27/06/2024 as Luật số 54/2024/QH15. On the shared demo (conftest.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import override

from cnqp.core.figures.reporting import ReportPeriod
from cnqp.core.models import OrgUnit
from cnqp.legal import report
from cnqp.legal.choices import DocumentKind, Stage
from cnqp.legal.figures import legal_figures
from cnqp.legal.models import ConsultationRound, DraftingStep, LegalDraft, LegalInstrument
from cnqp.legal.selectors import in_force_q

LAW = "Công nghiệp quốc phòng, an ninh và động viên công nghiệp"


def _section(user, period, unit=None):
    with override("vi"):
        return report.build_section(user, period, unit)


def test_2021_the_technology_departments_two_circulars(demo, users, db):
    qlcn = OrgUnit.objects.get(code="QLCN")
    section = _section(users["qlcn"], ReportPeriod.annual(2021), qlcn)
    assert section.paragraphs[0] == (
        "Trong năm 2021, đã triển khai xây dựng 02 Thông tư về “Quyền sử dụng tài liệu thiết "
        "kế các sản phẩm quốc phòng” và “Quản lý tài liệu công nghệ”.")


def test_2022_the_laws_proposal_put_to_the_ministries(demo, users, db):
    section = _section(users["thutruong"], ReportPeriod.half_year(2022))
    assert ("Hoàn thiện hồ sơ đề nghị xây dựng Luật Công nghiệp quốc phòng, an ninh và động "
            "viên công nghiệp để xin ý kiến các bộ, ngành, địa phương.") in section.paragraphs
    law = LegalDraft.objects.get(title=LAW)
    first = ConsultationRound.objects.get(draft=law, number=1)
    assert (first.stage, first.sent_on.year, first.sent_on.month <= 6) == (
        Stage.PROPOSAL, 2022, True)


def test_the_law_passed_on_27_june_2024(demo, db):
    law = LegalDraft.objects.get(title=LAW)
    assert (law.kind, law.issued_number, law.issued_on) == (
        DocumentKind.LAW, "54/2024/QH15", dt.date(2024, 6, 27))
    entry = LegalInstrument.objects.get(draft=law)
    assert (entry.authority, entry.effective_from) == ("Quốc hội", dt.date(2025, 7, 1))
    assert list(DraftingStep.objects.filter(draft=law).values_list("stage", flat=True)) == [
        Stage.PROPOSAL, Stage.DRAFTING, Stage.CONSULTATION, Stage.APPRAISAL, Stage.SUBMISSION,
        Stage.ISSUED]
    ordinance = LegalInstrument.objects.get(number="02/2008/PL-UBTVQH12")
    assert ordinance.ended_on == entry.effective_from  # the law replaces the ordinance


def test_2023_documents_issued_and_the_register(demo, users, db):
    boss = users["thutruong"]
    section = _section(boss, ReportPeriod.annual(2023))
    assert ("Ban hành 06 văn bản pháp quy trong CNQP (03 Thông tư, 02 Quyết định, 01 Hướng "
            "dẫn), 03/05 văn bản đúng hạn; 01 văn bản quá hạn chưa ban hành."
            ) in section.paragraphs
    end = dt.date(2023, 12, 31)
    in_force = LegalInstrument.objects.filter(in_force_q(end))
    due = in_force.filter(review_due_on__lte=end).count()
    issued = LegalInstrument.objects.filter(issued_on__year=2023).count()
    assert 25 <= in_force.count() <= 40 and due >= 2 and issued == 6
    assert section.paragraphs[-1] == (
        f"Hệ thống văn bản pháp quy của ngành: {report.padded(in_force.count())} văn bản còn "
        f"hiệu lực, {report.padded(due)} văn bản đến hạn rà soát; trong kỳ ban hành "
        f"{report.padded(issued)} văn bản.")
    f = legal_figures(boss, ReportPeriod.annual(2023))
    assert (f.now.issued, f.now.on_time, f.now.late, f.previous.issued) == (6, 3, 2, 2)


def test_2024_the_law_issued_is_not_said_in_force(demo, users, db):
    """Luật số 54/2024/QH15 takes effect on 01/07/2025: issued in 2024, not in force at its
    end, so the register's sentence counts it in a clause of its own."""
    f = legal_figures(users["thutruong"], ReportPeriod.annual(2024))
    end = dt.date(2024, 12, 31)
    issued = LegalInstrument.objects.filter(issued_on__year=2024)
    assert issued.filter(number="54/2024/QH15").exists()
    assert f.now.instruments_issued == issued.count()
    assert f.now.in_force == LegalInstrument.objects.filter(in_force_q(end)).count()
    paragraph = _section(users["thutruong"], ReportPeriod.annual(2024)).paragraphs[-1]
    assert paragraph.endswith(f"; trong kỳ ban hành {report.padded(issued.count())} văn bản.")


def test_a_lower_clearance_counts_less_and_nothing_in_the_future(demo, users, db):
    year = ReportPeriod.annual(2023)
    assert legal_figures(users["btm"], year).now.in_force < \
        legal_figures(users["vptc"], year).now.in_force  # Tối mật entries hidden from Mật
    assert legal_figures(users["z111"], year).now.in_force == 0
    today = timezone.localdate()
    assert not DraftingStep.objects.filter(date__gt=today).exists()
    assert not LegalInstrument.objects.filter(issued_on__gt=today).exists()
    years = set(DraftingStep.objects.values_list("date__year", flat=True))
    assert years == set(range(2019, 2026))
