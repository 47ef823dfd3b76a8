"""The returns' reads: totals and ratios computed from the entered values (never stored), the
same period of the year before, an amendment's changes, the versions as the reader may see
them (a version above their clearance is neither listed nor compared), on time or late alike
in a list and on a page, and a fixed number of queries whatever the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cnqp.core.choices import Classification
from cnqp.core.testing.clients import signed_in_client
from cnqp.performance import selectors, services
from cnqp.performance.models import Submission
from cnqp.performance.tests.conftest import YEAR_VALUES, World

pytestmark = pytest.mark.django_db


def test_rows_compute_totals_and_ratios_with_last_year(world: World) -> None:
    world.file(year=2022, by=world.enterprise, values={"payroll": Decimal(150_000)})
    submission = world.file(by=world.enterprise, accept=False)
    rows = {row.code: row for row in selectors.return_rows(submission, user=world.enterprise)}
    assert [row.code for row in selectors.return_rows(submission, user=world.enterprise)][:4] == [
        "revenue", "revenue_defence", "revenue_economic", "revenue_services"]
    assert rows["revenue"].computed and not rows["revenue_defence"].computed
    assert rows["revenue"].value == Decimal(1_000_000)
    assert rows["avg_income"].value == Decimal(14)  # 168.000 ÷ 1.000 ÷ 12
    assert rows["avg_income"].previous == Decimal("12.5")  # 150.000 ÷ 1.000 ÷ 12
    assert rows["revenue"].previous == Decimal(1_000_000)
    assert rows["women"].previous is None  # not checked against last year
    assert rows["equity"].explanation == "Mở rộng sản xuất"


def test_a_missing_part_leaves_the_total_empty(world: World) -> None:
    submission = services.open_return(world.enterprise, unit=world.org.enterprise_a,
                                      year=2023, period_kind="quarter", period_number=2,
                                      scenario="actual")
    services.save_values(world.enterprise, submission, values={
        "revenue_defence": 100, "payroll": 30, "headcount": 10})
    rows = {row.code: row for row in selectors.return_rows(submission, user=world.enterprise)}
    assert rows["revenue"].value is None  # never guessed
    assert rows["avg_income"].value == Decimal(1)  # 30 ÷ 10 ÷ 3 months


def test_the_diff_of_an_amendment(world: World) -> None:
    first = world.file(by=world.enterprise)
    amendment = services.amend_return(world.enterprise, first, explanation="Kiểm toán")
    assert selectors.diff(world.enterprise, amendment) == []
    services.save_values(world.enterprise, amendment,
                         values={"headcount": 1_200, "revenue_defence": ""})
    changes = {c.indicator.code: c for c in selectors.diff(world.enterprise, amendment) or []}
    assert set(changes) == {"headcount", "avg_income", "revenue_defence", "revenue"}
    assert changes["headcount"].change == Decimal(200)
    assert changes["headcount"].percent == Decimal(20)
    assert (changes["revenue_defence"].after, changes["revenue_defence"].change) == (None, None)
    assert changes["revenue"].after is None
    after = changes["avg_income"].after
    assert after is not None and after.quantize(Decimal("0.01")) == Decimal("11.67")
    assert selectors.diff(world.enterprise, first) is None  # amends nothing


def test_a_version_above_the_readers_clearance_is_neither_listed_nor_compared(
        world: World) -> None:
    first = world.file(by=world.enterprise)
    amendment = services.amend_return(world.enterprise, first, explanation="Kiểm toán")
    Submission.objects.filter(pk=first.pk).update(classification=Classification.SECRET)
    assert [v.pk for v in selectors.versions(world.reviewer, amendment)] == [first.pk,
                                                                            amendment.pk]
    assert selectors.diff(world.reviewer, amendment) == []
    assert [v.pk for v in selectors.versions(world.enterprise, amendment)] == [amendment.pk]
    assert selectors.amended(world.enterprise, amendment) is None
    assert selectors.diff(world.enterprise, amendment) is None
    page = signed_in_client(world.enterprise).get(f"/performance/returns/{amendment.pk}/")
    assert page.status_code == 200
    assert f"/performance/returns/{first.pk}/" not in page.content.decode()


def _timed(world: World, *, submitted: dt.date | None) -> Submission:
    submission = services.open_return(world.enterprise, unit=world.org.enterprise_a,
                                      year=2023, period_kind="year", period_number=1,
                                      scenario="actual")
    services.save_values(world.enterprise, submission, values=YEAR_VALUES)
    if submitted is not None:
        services.submit_return(world.enterprise, submission, on_date=submitted)
    submission.refresh_from_db()
    return submission


@pytest.mark.parametrize(("submitted", "expected"), [
    (dt.date(2024, 3, 30), "on_time"), (dt.date(2024, 3, 31), "late"), (None, "overdue")])
def test_on_time_or_late_alike_in_the_list_and_on_the_page(
        world: World, submitted: dt.date | None, expected: str) -> None:
    submission = _timed(world, submitted=submitted)
    today = timezone.localdate()
    assert submission.due_on == dt.date(2024, 3, 30)
    assert selectors.timeliness(submission, today) == expected
    listed = selectors.listed(Submission.objects.filter(pk=submission.pk), today).get()
    assert getattr(listed, "on_time") is (expected == "on_time")  # noqa: B009 (annotated)
    assert selectors.timeliness(submission, dt.date(2024, 3, 1)) == (
        "pending" if submitted is None else expected)


def test_an_amendment_is_a_correction_not_a_late_return(world: World) -> None:
    amendment = services.amend_return(world.enterprise, world.file(by=world.enterprise),
                                      explanation="Sửa")
    today = timezone.localdate()
    assert amendment.due_on is not None and amendment.due_on < today
    assert selectors.timeliness(amendment, today) == ""
    listed = selectors.listed(Submission.objects.filter(pk=amendment.pk), today).get()
    assert getattr(listed, "on_time") is None  # noqa: B009 (annotated)


def test_the_list_costs_the_same_whatever_its_rows(world: World) -> None:
    client = signed_in_client(world.reviewer)
    world.file(year=2021, by=world.enterprise)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/performance/returns/").status_code == 200
        return len(queries)

    one = count()
    world.file(year=2022, by=world.enterprise)
    world.file(world.org.enterprise_b, year=2022, by=world.other)
    services.amend_return(world.enterprise, world.file(year=2023, by=world.enterprise),
                          explanation="Sửa")
    assert count() == one


def test_the_detail_page_costs_the_same_whatever_its_versions(world: World) -> None:
    client = signed_in_client(world.reviewer)

    def count(pk: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/performance/returns/{pk}/")
            assert page.status_code == 200
        return len(queries)

    def next_version(earlier: Submission, accept: bool = True) -> Submission:
        amendment = services.amend_return(world.enterprise, earlier, explanation="Sửa")
        services.save_values(world.enterprise, amendment, values={"equity": 510_000})
        if accept:
            services.submit_return(world.enterprise, amendment)
            services.accept_return(world.reviewer, amendment)
        return amendment

    second = next_version(world.file(by=world.enterprise))
    third = next_version(second)
    before = count(second.pk)
    next_version(next_version(third), accept=False)
    assert len(selectors.versions(world.reviewer, second)) == 5
    assert count(second.pk) == before


def test_last_years_return_above_the_readers_clearance_is_not_shown(world: World) -> None:
    """The year before's values (beside the return, in the API, in a change's message) come
    from a return the reader may see: a Secret one does not exist for a Confidential reader."""
    from django.core.exceptions import ValidationError

    from cnqp.core.choices import Classification
    from cnqp.performance.models import Submission

    before = world.file(year=2022, by=world.enterprise)
    Submission.objects.filter(pk=before.pk).update(classification=Classification.SECRET)
    submission = services.open_return(world.enterprise, unit=world.org.enterprise_a,
                                      year=2023, period_kind="year", period_number=1,
                                      scenario="actual")
    services.save_values(world.enterprise, submission,
                         values={**YEAR_VALUES, "revenue_defence": Decimal(3_000_000)})
    rows = {row.code: row for row in selectors.return_rows(submission, user=world.enterprise)}
    assert rows["revenue"].previous is None  # Confidential reader
    seen = {row.code: row for row in selectors.return_rows(submission, user=world.reviewer)}
    assert seen["revenue"].previous == Decimal(1_000_000)  # Secret reader
    services.submit_return(world.enterprise, submission)  # no change to explain for them
    assert Submission.objects.get(pk=submission.pk).status == "submitted"
    with pytest.raises(ValidationError):  # the Secret reviewer, acting for it, sees the jump
        services.return_for_correction(world.reviewer, submission, reason="Kiểm tra lại")
        services.submit_return(world.reviewer, submission)
