"""The forms every app shares, in a real browser: a date is picked from a calendar and written
as dd/mm/yyyy (typing still works), and a field refused by the server is marked red and
described to a screen reader by its message."""

from __future__ import annotations

import re
from typing import Any

from cnqp.conftest import Org
from cnqp.core.choices import Classification
from cnqp.core.testing.browser import screenshot


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
    refused = page.locator("form [aria-invalid='true']")
    refused.first.wait_for()  # the form comes back through htmx, in place
    assert refused.count() >= 1
    for index in range(refused.count()):
        field = refused.nth(index)
        assert "is-invalid" in (field.get_attribute("class") or "")
        described = (field.get_attribute("aria-describedby") or "").split()
        assert f"{field.get_attribute('id')}_error" in described
        for element_id in described:  # every id it names is on the page
            assert page.locator(f"#{element_id}").count() == 1, element_id
    assert page.locator("#id_valid_to").input_value() == "01/02/2030"
    screenshot(page, "core-01-form-errors")
