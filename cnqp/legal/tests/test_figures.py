"""The figures on hand-built data, against the same period a year before: drafts in progress,
started, issued on time or late, overdue, consultation rounds, the register in force and due for
review; in a constant number of queries; scoping and classification; the report section (its
sentences in Vietnamese) and the panel."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from cnqp.core.choices import Classification
from cnqp.core.figures import dashboard, metrics
from cnqp.core.figures.reporting import ReportPeriod
from cnqp.legal import report, services
from cnqp.legal.choices import DocumentKind, InstrumentStatus, Stage
from cnqp.legal.figures import legal_figures
from cnqp.legal.tests.conftest import World

D = dt.date
S = Stage
YEAR = ReportPeriod.annual(2023)


def _build(world: World) -> None:
    q = world.org.department  # QLCN
    # started 2022, issued 2023 on time
    world.through(world.draft("Quản lý chất lượng", deadline=D(2023, 6, 30)),
                  (S.PROPOSAL, D(2022, 6, 1)), (S.DRAFTING, D(2022, 9, 1)),
                  (S.ISSUED, D(2023, 5, 12)), number="32/2023/TT-BQP",
                  round_on=D(2023, 1, 9))
    # started 2023, issued 2023 late
    world.through(world.draft("Đo lường", deadline=D(2023, 9, 30), unit=q),
                  (S.DRAFTING, D(2023, 2, 6)), (S.ISSUED, D(2023, 10, 20)),
                  number="78/2023/TT-BQP", round_on=D(2023, 5, 15))
    # a decision started and issued 2023, without deadline, classified
    world.through(world.draft("Quy chế phối hợp", kind=DocumentKind.DECISION,
                              classification=Classification.CONFIDENTIAL),
                  (S.DRAFTING, D(2023, 7, 3)), (S.ISSUED, D(2023, 11, 28)),
                  number="3120/QĐ-TCCNQP")
    # started 2023, overdue at its end
    world.through(world.draft("Bảo đảm kỹ thuật", deadline=D(2023, 10, 31), unit=q),
                  (S.PROPOSAL, D(2023, 2, 20)), (S.DRAFTING, D(2023, 4, 17)))
    # the year before: issued 2022 (on time), a round in 2022
    world.through(world.draft("Quyền sử dụng tài liệu", year=2022, deadline=D(2022, 9, 30)),
                  (S.PROPOSAL, D(2021, 3, 15)), (S.DRAFTING, D(2021, 6, 10)),
                  (S.ISSUED, D(2022, 9, 26)), number="25/2022/TT-BQP", round_on=D(2022, 7, 5))
    # planned, never started: counts for nothing but overdue
    world.draft("Chưa triển khai", year=2024, deadline=D(2024, 3, 1))
    # the register: in force, due for review, replaced, repealed before 2023
    office = world.office
    kw = dict(kind="circular", authority="Bộ Quốc phòng", unit=office)
    services.create_instrument(world.staff, number="46/2015/TT-BQP", title="A",
                               issued_on=D(2015, 5, 18), **kw)  # review due 2020: due
    services.create_instrument(world.staff, number="12/2016/TT-BQP", title="B",
                               issued_on=D(2016, 2, 22), review_due_on=D(2026, 1, 1), **kw)
    services.create_instrument(world.staff, number="58/2018/TT-BQP", title="C",
                               issued_on=D(2018, 4, 16), status=InstrumentStatus.REPLACED,
                               ended_on=D(2023, 5, 12), **kw)  # in force end 2022 only
    services.create_instrument(world.staff, number="41/HD", title="D", issued_on=D(2017, 4, 10),
                               status=InstrumentStatus.REPEALED, ended_on=D(2021, 1, 1), **kw)


def test_the_figures_against_the_year_before(world: World) -> None:
    _build(world)
    legal_figures(world.leader, YEAR)
    with CaptureQueriesContext(connection) as queries:
        legal_figures(world.leader, YEAR)
    world.through(world.draft("Thêm", kind=DocumentKind.GUIDELINE), (S.DRAFTING, D(2023, 3, 1)))
    with CaptureQueriesContext(connection) as again:
        f = legal_figures(world.leader, YEAR)
    assert len(again) == len(queries) <= 8
    now, before = f.now, f.previous
    # in progress: the five drafts of 2023 (incl. "Thêm"), the 2022-issued one is not
    assert (now.in_progress, now.started, now.issued) == (5, 4, 3)
    assert (now.with_deadline, now.on_time, now.late, now.overdue) == (2, 1, 1, 1)
    assert now.rounds == 2
    assert f.in_progress_by_kind == {"law": 0, "ordinance": 0, "decree": 0, "circular": 3,
                                     "decision": 1, "guideline": 1}
    assert f.issued_by_kind["circular"] == 2 and f.issued_by_kind["decision"] == 1
    assert (before.in_progress, before.started, before.issued, before.on_time) == (2, 1, 1, 1)
    assert (before.rounds, before.overdue) == (1, 0)
    # register (three filed by the issue steps of 2023, one of 2022)
    assert (now.in_force, now.due_for_review, now.instruments_issued) == (6, 1, 3)
    assert (before.in_force, before.due_for_review, before.instruments_issued) == (4, 1, 1)
    started = {g.kind: (g.count, g.titles) for g in f.started}
    assert started["circular"] == (2, ["Đo lường", "Bảo đảm kỹ thuật"])
    assert started["guideline"] == (1, ["Thêm"])
    assert [(c.title, c.on_proposal) for c in f.consulted] == [("Quản lý chất lượng", False),
                                                               ("Đo lường", False)]
    assert f.classification == Classification.CONFIDENTIAL


def test_a_unit_a_lower_clearance_and_another_unit(world: World, make_user) -> None:
    _build(world)
    narrowed = legal_figures(world.leader, YEAR, world.org.department)
    assert (narrowed.now.in_progress, narrowed.now.issued, narrowed.now.in_force) == (2, 1, 1)
    low = legal_figures(world.low, YEAR)  # Mật sees Mật: all
    assert low.now.issued == 3
    plain = make_user(["department_staff"], world.low.org_unit, Classification.UNCLASSIFIED)
    below = legal_figures(plain, YEAR)
    assert (below.now.issued, below.now.in_force) == (2, 5)  # the Mật decision and its entry
    assert below.classification == Classification.UNCLASSIFIED
    outside = legal_figures(world.enterprise, YEAR)  # another unit: nothing of the office
    assert (outside.now.in_progress, outside.now.in_force, outside.now.rounds) == (0, 0, 0)


def test_the_report_section_in_vietnamese(world: World) -> None:
    _build(world)
    with override("vi"):
        section = report.build_section(world.leader, YEAR, None)
    assert section.key == "legal" and section.classification == Classification.CONFIDENTIAL
    started, progress, consulted, issued, register = section.paragraphs
    assert started == ("Trong năm 2023, đã triển khai xây dựng 02 Thông tư về “Đo lường” và "
                       "“Bảo đảm kỹ thuật”; 01 Quyết định về “Quy chế phối hợp”.")
    assert progress.startswith("Số văn bản đang xây dựng trong kỳ: 04 (03 Thông tư, "
                               "01 Quyết định); tổ chức 02 đợt lấy ý kiến")
    assert consulted.startswith("Hoàn thiện dự thảo Thông tư “Quản lý chất lượng” để xin ý "
                                "kiến các bộ, ngành, địa phương.")
    assert issued == ("Ban hành 03 văn bản pháp quy trong CNQP (02 Thông tư, "
                      "01 Quyết định), 01/02 văn bản đúng hạn; 01 văn bản quá hạn chưa ban "
                      "hành.")
    assert register == ("Hệ thống văn bản pháp quy của ngành: 06 văn bản còn hiệu lực, 01 "
                        "văn bản đến hạn rà soát; trong kỳ ban hành 03 văn bản.")
    (table,) = section.tables
    assert table.rows[0][1:] == [4, 2]


def test_zero_is_said_in_words(world: World) -> None:
    with override("vi"):
        section = report.build_section(world.leader, ReportPeriod.annual(2015), None)
    assert section.paragraphs == [
        "Trong năm 2015, không triển khai xây dựng văn bản mới nào.",
        "Trong kỳ không có văn bản nào đang xây dựng; không tổ chức đợt lấy ý kiến nào.",
        "Không ban hành văn bản pháp quy nào; không có văn bản nào quá hạn.",
        "Hệ thống văn bản pháp quy của ngành chưa có văn bản nào còn hiệu lực."]


def test_more_than_three_of_a_kind_only_counted(world: World) -> None:
    for n in range(4):
        world.through(world.draft(f"Văn bản {n}"), (S.DRAFTING, D(2023, 3, n + 1)))
    with override("vi"):
        text = report.build_section(world.leader, YEAR, None).paragraphs[0]
    assert text == "Trong năm 2023, đã triển khai xây dựng 04 Thông tư."


def test_the_panel(world: World) -> None:
    _build(world)
    (panel,) = [p for p in dashboard._collect(world.leader, 2023) if p.key == "legal"]
    values = {f.key: (f.value, f.previous) for f in panel.figures}
    assert values["legal.in_progress"] == (4, 2) and values["legal.overdue"] == (1, 0)
    assert values["legal.in_force"] == (6, 4)
    assert "active_from=2023-01-01" in panel.figures[0].url
    assert metrics.measure(["legal.issued"], world.enterprise, YEAR)["legal.issued"].value \
        is None  # an enterprise may not read it


def test_none_on_time_is_said_in_words(world: World) -> None:
    world.through(world.draft("Chậm", kind=DocumentKind.DECISION, deadline=D(2023, 3, 31)),
                  (S.DRAFTING, D(2023, 1, 9)), (S.ISSUED, D(2023, 4, 3)), number="1/QĐ")
    with override("vi"):
        text = report.build_section(world.leader, YEAR, None).paragraphs[2]
    assert text == ("Ban hành 01 văn bản pháp quy trong CNQP (01 Quyết định), không có văn "
                    "bản nào đúng hạn; không có văn bản nào quá hạn.")


def test_documents_issued_in_the_period_are_not_said_to_be_in_force(world: World) -> None:
    """A document issued in the period that takes effect after it (the 2024 law, in force from
    2025) is counted among those issued, not presented as a part of those in force."""
    kw = dict(kind="circular", authority="Bộ Quốc phòng", unit=world.office)
    services.create_instrument(world.staff, number="12/2020/TT-BQP", title="A",
                               issued_on=D(2020, 2, 3), **kw)
    services.create_instrument(world.staff, number="54/2023/QH15", title="B",
                               issued_on=D(2023, 6, 27), effective_from=D(2024, 7, 1), **kw)
    f = legal_figures(world.leader, YEAR)
    assert (f.now.in_force, f.now.instruments_issued) == (1, 1)
    with override("vi"):
        register = report.build_section(world.leader, YEAR, None).paragraphs[-1]
    assert register == ("Hệ thống văn bản pháp quy của ngành: 01 văn bản còn hiệu lực, không "
                        "có văn bản nào đến hạn rà soát; trong kỳ ban hành 01 văn bản.")


def test_titles_started_the_same_day_in_vietnamese_order(world: World) -> None:
    """“Đo lường” before “Giám định” (đ after d, before g), on SQLite as on PostgreSQL; code
    point order would put G first."""
    for title in ("Giám định", "Đo lường"):
        world.through(world.draft(title), (S.DRAFTING, D(2023, 3, 6)))
    (group,) = legal_figures(world.leader, YEAR).started
    assert group.titles == ["Đo lường", "Giám định"]


def test_a_classified_drafts_title_is_not_told_to_a_lower_clearance(world: World,
                                                                     make_user) -> None:
    world.through(world.draft("Công khai"), (S.DRAFTING, D(2023, 2, 6)),
                  round_on=D(2023, 3, 6))
    world.through(world.draft("Bảo đảm bí mật", classification=Classification.CONFIDENTIAL),
                  (S.DRAFTING, D(2023, 2, 6)), round_on=D(2023, 3, 7))
    plain = make_user(["leadership"], world.org.root, Classification.UNCLASSIFIED)
    with override("vi"):
        high = report.build_section(world.leader, YEAR, None).paragraphs
        low = report.build_section(plain, YEAR, None).paragraphs
    assert "Bảo đảm bí mật" in high[0] and "Bảo đảm bí mật" in high[2]  # started, consulted
    assert low[0] == "Trong năm 2023, đã triển khai xây dựng 01 Thông tư về “Công khai”."
    assert low[2] == ("Hoàn thiện dự thảo Thông tư “Công khai” để xin ý kiến các bộ, ngành, "
                      "địa phương.")
    assert not any("bí mật" in text for text in low)
