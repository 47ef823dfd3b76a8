"""The core's pages in a real browser: search across modules (a person types words without
accents in the header's box, sees the matches grouped by module, opens one, and comes back to
the whole list through "See all"; a record of another unit is nowhere on the way), and the
forms every app shares (a date picked from a calendar and written as dd/mm/yyyy, typing still
working; a field refused by the server marked red and described to a screen reader by its
message)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from cnqp.conftest import Org
from cnqp.core.choices import Classification
from cnqp.core.testing.browser import link, screenshot, vi
from cnqp.documents.factories import DocumentSetFactory


def test_the_header_search_finds_across_modules(org: Org, make_user: Any,
                                                log_in_as: Any) -> None:
    own = DocumentSetFactory(code="TLTK-K54", title="Bộ TLTK súng ngắn K54",
                             owner_unit=org.enterprise_a)
    other = DocumentSetFactory(code="TLTK-K59", title="Bộ TLTK súng ngắn K59",
                               owner_unit=org.enterprise_b)
    staff = make_user(["enterprise_staff"], org.enterprise_a, Classification.SECRET)

    page = log_in_as(staff)
    box = page.locator("header form[role=search] input[name=q]")
    box.fill("sung ngan")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=sung"))
    screenshot(page, "core-01-search")
    group = page.locator('[data-resource="documents.sets"]')
    assert group.locator("[data-count]").inner_text() == "1"
    shown = page.locator("main").inner_text()
    assert own.code in shown and other.code not in shown
    link(group, str(own)).click()
    page.wait_for_url(re.compile(rf"/documents/sets/{own.pk}/$"))

    page.go_back()
    link(page.locator('[data-resource="documents.sets"]'), vi("See all")).click()
    page.wait_for_url(re.compile(r"/documents/sets/\?q=sung"))
    listed = page.locator("main table tbody").inner_text()
    assert own.code in listed and other.code not in listed


def test_a_date_from_the_calendar_and_a_refused_field_marked(org: Org, make_user: Any,
                                                             log_in_as: Any,
                                                             live_url: str) -> None:
    admin = make_user(["admin"], org.root, Classification.SECRET)
    page = log_in_as(admin)
    page.goto(f"{live_url}/documents/usage-rights/new/")
    page.locator("#id_valid_from").click()
    calendar = page.locator(".flatpickr-calendar.open")
    calendar.wait_for()
    calendar.locator(".flatpickr-day:not(.prevMonthDay):not(.nextMonthDay)",
                     has_text=re.compile(r"^15$")).first.click()
    assert re.fullmatch(r"15/\d\d/\d{4}", page.locator("#id_valid_from").input_value())
    page.locator("#id_valid_to").fill("01/02/2030")  # typed, as before
    page.locator("main h1").click()  # a click outside closes its calendar, opened on focus
    page.locator("main form button[type=submit]").last.click()
    refused = page.locator("form [name][aria-invalid='true']")  # the fields, not tom-select's box
    refused.first.wait_for()  # the form comes back through htmx, in place
    assert refused.count() >= 1
    for index in range(refused.count()):
        field = refused.nth(index)
        # htmx settles a swapped element's attributes a tick later: expect() waits for them
        expect(field).to_have_class(re.compile(r"\bis-invalid\b"))
        described = (field.get_attribute("aria-describedby") or "").split()
        assert f"{field.get_attribute('id')}_error" in described
        for element_id in described:  # every id it names is on the page
            assert page.locator(f"#{element_id}").count() == 1, element_id
    assert page.locator("#id_valid_to").input_value() == "01/02/2030"
    screenshot(page, "core-02-form-errors")
