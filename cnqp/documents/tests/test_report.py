"""The technical-documents figures of a period and their Vietnamese text: each definition on
small hand-built cases, the period boundaries, scoping (unit, clearance, need to know) and the
rendered sentence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cnqp.core.choices import Classification
from cnqp.documents import report, services
from cnqp.documents.choices import DocumentKind, Purpose, RevisionStatus
from cnqp.documents.factories import DocumentSetFactory, RevisionFactory
from cnqp.documents.report import (
    DocumentFigures,
    ReportSection,
    RightFigures,
    SetFigures,
    document_figures,
    render_section,
)
from cnqp.documents.selectors import expiring_rights

START, END = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
DAY = dt.timedelta(days=1)

# The Vietnamese of the section's msgids, for the vi catalogue (see docs/documents-figures.md).
# Until `make messages` brings them into cnqp/locale, the tests fall back to this wording, so
# that they check the phrasing either way.
VI = {
    "Management of technical documents": "Công tác quản lý tài liệu kỹ thuật",
    "Completed the amendment and re-issue of %(count)s design document sets (TLTK) for the "
    "production plan of %(year)s":
        "Hoàn thành sửa đổi, ban hành lại %(count)s bộ TLTK phục vụ kế hoạch sản xuất năm "
        "%(year)s",
    "granted %(count)s new rights to use design documents":
        "cấp mới %(count)s quyền sử dụng tài liệu thiết kế",
    "%(count)s usage rights expire within %(days)s days":
        "%(count)s quyền sử dụng sắp hết hạn trong %(days)s ngày",
    "no design document set (TLTK) was amended or re-issued for the production plan of "
    "%(year)s and no right to use design documents was granted":
        "không có bộ TLTK nào được sửa đổi, ban hành lại phục vụ kế hoạch sản xuất năm "
        "%(year)s và không cấp mới quyền sử dụng tài liệu thiết kế nào",
    "%(count)s document sets issued for the first time":
        "ban hành lần đầu %(count)s bộ tài liệu kỹ thuật",
    "%(count)s document sets amended":
        "sửa đổi %(count)s bộ tài liệu kỹ thuật",
    "%(count)s amended":
        "sửa đổi %(count)s bộ",
    "%(count)s document sets re-issued":
        "ban hành lại %(count)s bộ tài liệu kỹ thuật",
    "%(count)s re-issued":
        "ban hành lại %(count)s bộ",
    "(%(count)s revisions issued)":
        "(%(count)s lần ban hành)",
    "%(count)s usage rights revoked":
        "thu hồi %(count)s quyền sử dụng tài liệu thiết kế",
    "In the period from %(start)s to %(end)s no technical document set was issued and no "
    "usage right was revoked.":
        "Trong kỳ từ %(start)s đến %(end)s không có bộ tài liệu kỹ thuật nào được ban hành, "
        "không thu hồi quyền sử dụng tài liệu thiết kế nào.",
    "In the period from %(start)s to %(end)s: %(figures)s.":
        "Trong kỳ từ %(start)s đến %(end)s: %(figures)s.",
    "Total": "Tổng cộng",
    "Document sets issued in the period, by kind":
        "Tài liệu kỹ thuật ban hành trong kỳ, theo loại",
    "Kind of documents": "Loại tài liệu",
    "Issued for the first time": "Ban hành lần đầu",
    "Amended": "Sửa đổi",
    "Re-issued": "Ban hành lại",
    "Rights to use design documents, by purpose":
        "Quyền sử dụng tài liệu thiết kế, theo mục đích",
    "Purpose": "Mục đích",
    "Granted": "Cấp mới",
    "Revoked": "Đã thu hồi",
    "Expiring within %(days)s days": "Sắp hết hạn trong %(days)s ngày",
}


@pytest.fixture
def vietnamese(monkeypatch):
    """Render in Vietnamese: the catalogue's translation when it has one, else `VI`."""
    real = report._

    def gettext(message: str) -> str:
        translated = real(message)
        return VI.get(message, message) if translated == message else translated

    monkeypatch.setattr(report, "_", gettext)
    with translation.override("vi"):
        yield


@pytest.fixture
def people(org, make_user):
    return {
        "author": make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET,
                            username="tacgia"),
        "approver": make_user(["department_staff"], org.department, Classification.TOP_SECRET,
                              username="pheduyet"),
        "director": make_user(["leadership"], org.root, Classification.TOP_SECRET,
                              username="thutruong"),
    }


def issue(document_set, people, date, reason="Sửa đổi theo kết quả nghiệm thu"):
    """A new revision of the set, through the whole lifecycle, issued on `date`."""
    revision = services.create_revision(people["author"], document_set, reason=reason)
    services.submit_revision(people["author"], revision, on_date=date)
    services.approve_revision(people["approver"], revision, on_date=date)
    return services.issue_revision(people["approver"], revision,
                                   decision_number=f"{date:%j}/QĐ-TCCNQP", issue_date=date)


def grant(document_set, enterprise, valid_from, valid_to, purpose=Purpose.PRODUCTION,
          actor=None):
    return services.grant_usage_right(actor, document_set=document_set, enterprise=enterprise,
                                      purpose=purpose, valid_from=valid_from,
                                      valid_to=valid_to, decision_number="7/QĐ-TCCNQP")


def figures(user, start=START, end=END, unit=None) -> DocumentFigures:
    return document_figures(user, start, end, unit)


# --- issues of document sets -------------------------------------------------------------------


def test_first_issue_counts_sets_first_issued_within_the_period_both_ends_included(org, people):
    def new_set():
        return DocumentSetFactory(owner_unit=org.enterprise_a)

    on_first_day, on_last_day, day_before, day_after = (new_set() for _ in range(4))
    issue(on_first_day, people, START)
    issue(on_last_day, people, END)
    issue(day_before, people, START - DAY)
    issue(day_after, people, END + DAY)
    # Issued first on the first day, superseded later: still first issued in the period.
    issue(on_first_day, people, dt.date(2023, 3, 1))

    result = figures(people["director"])
    assert result.first_issued == 2
    assert (result.amended, result.reissued, result.revisions_issued) == (0, 0, 2)
    assert result.by_kind[DocumentKind.DESIGN] == SetFigures(first_issued=2)


def test_amended_and_reissued_count_sets_not_revisions(org, people):
    earlier = DocumentSetFactory(owner_unit=org.enterprise_a)
    issue(earlier, people, dt.date(2021, 6, 1))
    issue(earlier, people, START)           # amended on the first day
    issue(earlier, people, END)             # and again on the last day
    new = DocumentSetFactory(owner_unit=org.enterprise_a)
    issue(new, people, dt.date(2022, 2, 1))  # first issued and amended in the same period
    issue(new, people, dt.date(2022, 2, 1))  # the same day: dates never go backwards
    late = DocumentSetFactory(owner_unit=org.enterprise_a)
    issue(late, people, dt.date(2021, 6, 1))
    issue(late, people, END + DAY)          # amended the day after the period

    result = figures(people["director"])
    assert result.first_issued == 1
    assert result.amended == 2
    assert result.reissued == 2
    assert result.revisions_issued == 4
    assert result.design_amended_or_reissued == 2


def test_unfinished_revisions_do_not_count(org, people):
    for end_state in ("draft", "submitted", "approved"):
        document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
        issue(document_set, people, dt.date(2021, 5, 5))
        revision = services.create_revision(people["author"], document_set, reason="Sửa đổi")
        if end_state != "draft":
            services.submit_revision(people["author"], revision)
        if end_state == "approved":
            services.approve_revision(people["approver"], revision)
    assert figures(people["director"]) == DocumentFigures(
        start=START, end=END, by_kind={k.value: SetFigures() for k in DocumentKind},
        rights_by_purpose={p.value: RightFigures() for p in Purpose})


def test_reissued_follows_the_superseding_link_amended_the_number(org, people):
    """Through the services every issue of a revision numbered 2 or more supersedes the one
    in force, so the two figures agree; history recorded without its predecessor (an
    imported revision 2, say) is amended but not re-issued."""
    imported = DocumentSetFactory(owner_unit=org.enterprise_a, kind=DocumentKind.TECHNOLOGY)
    RevisionFactory(document_set=imported, number=2, status=RevisionStatus.ISSUED,
                    issue_date=dt.date(2022, 4, 1), decision_number="4/QĐ-TCCNQP")
    result = figures(people["director"])
    assert (result.amended, result.reissued) == (1, 0)
    assert result.first_issued == 1  # nothing of that set was issued before the period
    assert result.design_amended_or_reissued == 0  # a technology set
    assert result.by_kind[DocumentKind.TECHNOLOGY] == SetFigures(1, 1, 0)


def test_design_figure_counts_only_design_sets(org, people):
    for kind in (DocumentKind.DESIGN, DocumentKind.TECHNOLOGY, DocumentKind.SPECIFICATION):
        document_set = DocumentSetFactory(owner_unit=org.enterprise_a, kind=kind)
        issue(document_set, people, dt.date(2020, 1, 1))
        issue(document_set, people, dt.date(2022, 7, 1))
    result = figures(people["director"])
    assert (result.amended, result.reissued, result.design_amended_or_reissued) == (3, 3, 1)
    assert all(f == SetFigures(0, 1, 1) for f in result.by_kind.values())


def test_a_revision_linked_to_a_plan_counts_for_that_plan_year(org, people):
    """"sửa đổi, ban hành lại các bộ TLTK phục vụ kế hoạch sản xuất năm N": a set amended in
    December 2021 for the 2022 plan counts in 2022, not in 2021; one issued in 2022 for the
    2023 plan counts in 2023; unlinked revisions count in the year they were issued."""

    def amended(on: dt.date, plan_year: int | None) -> None:
        document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
        issue(document_set, people, dt.date(2020, 1, 1))
        revision = services.create_revision(people["author"], document_set, reason="Sửa đổi",
                                            plan_year=plan_year)
        services.submit_revision(people["author"], revision, on_date=on)
        services.approve_revision(people["approver"], revision, on_date=on)
        services.issue_revision(people["approver"], revision, decision_number="9/QĐ",
                                issue_date=on)

    amended(dt.date(2021, 12, 10), 2022)
    amended(dt.date(2022, 11, 20), 2023)
    amended(dt.date(2022, 5, 5), None)
    director = people["director"]
    assert figures(director).design_amended_or_reissued == 2  # 12/2021 for 2022, and 5/2022
    assert figures(director).amended == 2  # issued in 2022, whatever plan they serve
    assert figures(director, dt.date(2021, 1, 1), dt.date(2021, 12, 31)) \
        .design_amended_or_reissued == 0
    # the 2023 figure is not counted before the revision is issued: a half-year of 2023
    # counts it (issued in 2022), a period of 2023 ending before the issue would not
    assert figures(director, dt.date(2023, 1, 1), dt.date(2023, 6, 30)) \
        .design_amended_or_reissued == 1


def test_the_plan_year_is_next_to_the_issue(org, people):
    document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
    with pytest.raises(ValidationError) as error:
        services.record_issued_revision(people["approver"], document_set, number=1,
                                        issue_date=dt.date(2021, 3, 1),
                                        decision_number="1/QĐ", plan_year=2025)
    assert "2020, 2021" in error.value.message_dict["plan_year"][0]
    revision = services.record_issued_revision(people["approver"], document_set, number=1,
                                               issue_date=dt.date(2021, 12, 1),
                                               decision_number="1/QĐ", plan_year=2022)
    assert revision.plan_year == 2022


def test_a_user_counts_only_the_sets_they_may_see(org, people, make_user):
    confidential = DocumentSetFactory(owner_unit=org.enterprise_a,
                                      classification=Classification.CONFIDENTIAL)
    secret = DocumentSetFactory(owner_unit=org.enterprise_a,
                                classification=Classification.SECRET)
    in_workshop = DocumentSetFactory(owner_unit=org.workshop_a1,
                                     classification=Classification.CONFIDENTIAL)
    for document_set in (confidential, secret, in_workshop):
        issue(document_set, people, dt.date(2022, 3, 3))

    low = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    high = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    other = make_user(["enterprise_staff"], org.enterprise_b, Classification.TOP_SECRET)
    department = make_user(["department_staff"], org.department, Classification.CONFIDENTIAL)
    assert figures(low).first_issued == 2          # not the Tối mật set
    assert figures(high).first_issued == 3         # own unit and its workshop
    assert figures(other).first_issued == 0        # another enterprise, no right
    assert figures(department).first_issued == 2   # directorate-wide, within clearance
    assert figures(people["director"]).first_issued == 3

    # Need to know: a right in force today opens the set to the other enterprise.
    today = timezone.localdate()
    grant(secret, org.enterprise_b, today - DAY, today + 100 * DAY)
    assert figures(other).first_issued == 1
    assert figures(other).rights_granted == 0  # granted outside the period


def test_restricting_to_a_unit_counts_its_subtree_only(org, people):
    for owner in (org.enterprise_a, org.workshop_a1, org.enterprise_b, org.department):
        document_set = DocumentSetFactory(owner_unit=owner)
        issue(document_set, people, dt.date(2022, 5, 5))
        grant(document_set, org.enterprise_b if owner == org.enterprise_a else org.enterprise_a,
              dt.date(2022, 5, 6), None)
    director = people["director"]
    assert figures(director).first_issued == 4
    assert figures(director, unit=org.enterprise_a).first_issued == 2
    assert figures(director, unit=org.workshop_a1).first_issued == 1
    assert figures(director, unit=org.enterprise_b).first_issued == 1
    # Rights are owned by the enterprise holding them.
    assert figures(director).rights_granted == 4
    assert figures(director, unit=org.enterprise_a).rights_granted == 3
    assert figures(director, unit=org.enterprise_b).rights_granted == 1


# --- usage rights -----------------------------------------------------------------------------


@pytest.fixture
def design_set(org):
    return DocumentSetFactory(owner_unit=org.department,
                              classification=Classification.CONFIDENTIAL)


def test_rights_granted_in_the_period_both_ends_included(org, people, design_set):
    for valid_from in (START - DAY, START, END, END + DAY):
        grant(design_set, org.enterprise_a, valid_from, None)
    grant(design_set, org.enterprise_b, dt.date(2022, 6, 1), dt.date(2025, 1, 1),
          purpose=Purpose.REPAIR)
    result = figures(people["director"])
    assert result.rights_granted == 3
    assert result.rights_by_purpose[Purpose.PRODUCTION] == RightFigures(granted=2)
    assert result.rights_by_purpose[Purpose.REPAIR] == RightFigures(granted=1)


def test_rights_expiring_within_30_days_of_the_period_end(org, people, design_set):
    counted = [END, END + 30 * DAY]
    not_counted = [END - DAY, END + 31 * DAY]
    for valid_to in counted + not_counted:
        grant(design_set, org.enterprise_a, dt.date(2020, 1, 1), valid_to)
    grant(design_set, org.enterprise_a, dt.date(2020, 1, 1), None)  # never expires
    grant(design_set, org.enterprise_a, END + DAY, END + 10 * DAY)  # not yet in force at END
    assert figures(people["director"]).rights_expiring == len(counted)


def test_revoked_rights_by_revocation_day(org, people, design_set):
    """The service stamps the revocation now: it counts in a period holding today; a period
    that ended before still saw the right in force, expiring soon after its end."""
    today = timezone.localdate()
    right = grant(design_set, org.enterprise_a, today - 400 * DAY, today + 10 * DAY)
    services.revoke_usage_right(people["approver"], right, note="Không còn nhiệm vụ")
    director = people["director"]

    this_period = figures(director, today - 30 * DAY, today)
    assert (this_period.rights_revoked, this_period.rights_expiring) == (1, 0)
    assert this_period.rights_by_purpose[Purpose.PRODUCTION].revoked == 1
    until_yesterday = figures(director, today - 30 * DAY, today - DAY)
    assert (until_yesterday.rights_revoked, until_yesterday.rights_expiring) == (0, 1)


def test_expiring_at_today_agrees_with_the_expiring_list(org, people, design_set, make_user):
    today = timezone.localdate()
    for days in (0, 5, 30, 31, -1):
        grant(design_set, org.enterprise_a, today - 100 * DAY, today + days * DAY)
    holder = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    for user in (people["director"], holder):
        assert figures(user, today - 10 * DAY, today).rights_expiring == \
            expiring_rights(user).count() == 3


def test_rights_are_counted_as_far_as_the_user_may_see(org, people, design_set, make_user):
    secret = DocumentSetFactory(owner_unit=org.department, classification=Classification.SECRET)
    grant(design_set, org.enterprise_a, dt.date(2022, 2, 2), None)
    grant(secret, org.enterprise_a, dt.date(2022, 2, 2), None)
    grant(design_set, org.enterprise_b, dt.date(2022, 2, 2), None)
    holder_low = make_user(["enterprise_staff"], org.enterprise_a, Classification.CONFIDENTIAL)
    holder_high = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)
    in_workshop = make_user(["enterprise_staff"], org.workshop_a1, Classification.SECRET)
    unit_user = make_user(["user_unit_staff"], org.user_unit, Classification.SECRET)
    assert figures(holder_low).rights_granted == 1
    assert figures(holder_high).rights_granted == 2
    assert figures(in_workshop).rights_granted == 0  # held by the enterprise above it
    assert figures(unit_user).rights_granted == 0
    assert figures(people["director"]).rights_granted == 3


# --- queries and arguments ----------------------------------------------------------------------


def test_figures_take_two_queries(org, people, django_assert_num_queries):
    document_set = DocumentSetFactory(owner_unit=org.enterprise_a)
    issue(document_set, people, dt.date(2022, 1, 10))
    grant(document_set, org.enterprise_a, dt.date(2022, 1, 11), None)
    user = people["author"]
    figures(user)  # loads the user's roles and unit once
    with django_assert_num_queries(2):
        result = figures(user)
    assert (result.first_issued, result.rights_granted) == (1, 1)


def test_a_period_ending_before_it_starts_is_refused(org, people):
    with pytest.raises(ValueError):
        document_figures(people["director"], END, START)


# --- the text ---------------------------------------------------------------------------------


def sample(**values) -> DocumentFigures:
    base = {"start": START, "end": END, "design_amended_or_reissued": 27,
            "rights_granted": 14, "rights_expiring": 3, "first_issued": 12, "amended": 27,
            "reissued": 27, "revisions_issued": 31, "rights_revoked": 2}
    base.update(values)
    return DocumentFigures(**base)


def test_the_section_reads_as_the_directorate_reports_it(vietnamese):
    section = render_section(sample(), 2022)
    assert isinstance(section, ReportSection)
    assert section.title == "Công tác quản lý tài liệu kỹ thuật"
    assert section.paragraphs[0] == (
        "Hoàn thành sửa đổi, ban hành lại 27 bộ TLTK phục vụ kế hoạch sản xuất năm 2022; "
        "cấp mới 14 quyền sử dụng tài liệu thiết kế; 3 quyền sử dụng sắp hết hạn trong "
        "30 ngày.")
    assert section.paragraphs[1] == (
        "Trong kỳ từ 01/01/2022 đến 31/12/2022: ban hành lần đầu 12 bộ tài liệu kỹ thuật, "
        "sửa đổi 27 bộ, ban hành lại 27 bộ (31 lần ban hành); thu hồi 2 quyền sử dụng tài "
        "liệu thiết kế.")


def test_numbers_are_printed_the_vietnamese_way_but_not_the_year(vietnamese):
    section = render_section(sample(rights_granted=1234, design_amended_or_reissued=1000),
                             2023)
    assert "ban hành lại 1.000 bộ TLTK phục vụ kế hoạch sản xuất năm 2023;" in (
        section.paragraphs[0])
    assert "cấp mới 1.234 quyền" in section.paragraphs[0]
    assert "2.023" not in section.paragraphs[0]


def test_zero_figures_are_left_out_as_a_person_writes_them(vietnamese):
    """Before: "Hoàn thành sửa đổi, ban hành lại 0 bộ TLTK ...; cấp mới 0 quyền ...; 0 quyền
    sử dụng sắp hết hạn" and "... thu hồi 0 quyền sử dụng" (issue 20)."""
    section = render_section(sample(design_amended_or_reissued=0, rights_expiring=0,
                                    first_issued=0, rights_revoked=0), 2023)
    assert section.paragraphs == [
        "Cấp mới 14 quyền sử dụng tài liệu thiết kế.",
        "Trong kỳ từ 01/01/2022 đến 31/12/2022: sửa đổi 27 bộ tài liệu kỹ thuật, ban hành lại "
        "27 bộ (31 lần ban hành)."]
    nothing = render_section(sample(design_amended_or_reissued=0, rights_granted=0,
                                    rights_expiring=0, first_issued=0, amended=0, reissued=0,
                                    revisions_issued=0, rights_revoked=0), 2023)
    assert nothing.paragraphs == [
        "Không có bộ TLTK nào được sửa đổi, ban hành lại phục vụ kế hoạch sản xuất năm 2023 "
        "và không cấp mới quyền sử dụng tài liệu thiết kế nào.",
        "Trong kỳ từ 01/01/2022 đến 31/12/2022 không có bộ tài liệu kỹ thuật nào được ban "
        "hành, không thu hồi quyền sử dụng tài liệu thiết kế nào."]
    assert " 0 " not in " ".join(nothing.paragraphs)
    assert [row[1:] for row in nothing.tables[0].rows][-1] == [0, 0, 0]  # tables keep zeros
    expiring = render_section(sample(design_amended_or_reissued=0, rights_granted=0,
                                     rights_revoked=0), 2023)
    assert expiring.paragraphs[0].endswith(
        "không cấp mới quyền sử dụng tài liệu thiết kế nào; 3 quyền sử dụng sắp hết hạn "
        "trong 30 ngày.")
    assert expiring.paragraphs[1].endswith("(31 lần ban hành).")


def test_the_tables_carry_raw_numbers_by_kind_and_purpose(vietnamese):
    result = sample(first_issued=3, amended=2, reissued=1, rights_granted=5,
                    rights_revoked=1, rights_expiring=2,
                    by_kind={"design": SetFigures(2, 2, 1), "technology": SetFigures(1, 0, 0),
                             "specification": SetFigures()},
                    rights_by_purpose={"production": RightFigures(4, 2, 1),
                                       "repair": RightFigures(1, 0, 0),
                                       "research": RightFigures()})
    kinds, rights = render_section(result, 2022).tables
    assert kinds.title == "Tài liệu kỹ thuật ban hành trong kỳ, theo loại"
    assert kinds.columns == ["Loại tài liệu", "Ban hành lần đầu", "Sửa đổi", "Ban hành lại"]
    assert [row[1:] for row in kinds.rows] == [[2, 2, 1], [1, 0, 0], [0, 0, 0], [3, 2, 1]]
    assert kinds.rows[-1][0] == "Tổng cộng"
    assert rights.columns[-1] == "Sắp hết hạn trong 30 ngày"
    assert [row[1:] for row in rights.rows] == [[4, 1, 2], [1, 0, 0], [0, 0, 0], [5, 1, 2]]


def test_the_section_follows_the_active_language():
    with translation.override("en"):
        section = render_section(sample(), 2022)
    assert section.title == "Management of technical documents"
    assert section.paragraphs[0].startswith(
        "Completed the amendment and re-issue of 27 design document sets (TLTK) for the "
        "production plan of 2022; granted 14 new rights")
