"""Every role's home page in a real browser, on a phone (390 px) and a wide screen (1,440 px)
(issue 21): the page never scrolls sideways, and on the phone the menu opens behind its button
and closes again. A small world (build_org), one person of each role the project defines."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from cnqp.conftest import MakeUser, Org
from cnqp.core.access.roles import ROLES
from cnqp.core.choices import Classification
from cnqp.core.testing.browser import screenshot, vi

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def unit_of(role: str, org: Org) -> Any:
    """Where a person of `role` works, as in the demo (cnqp/core/demo.py, DEMO_USERS)."""
    return {"department_staff": org.department, "enterprise_staff": org.enterprise_a,
            "user_unit_staff": org.user_unit}.get(role, org.root)


@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_role_has_a_home_on_a_phone_and_a_wide_screen(role: str, org: Org,
                                                             make_user: MakeUser,
                                                             log_in_as: Any) -> None:
    person = make_user([role], unit_of(role, org), Classification.SECRET, username=role)
    page = log_in_as(person)
    greeting = page.locator("main h1").first
    expect(greeting).to_be_visible()
    # words for the person, not a developer's command (the auditor's chain card named one)
    assert "manage.py" not in page.locator("main").inner_text()

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate(NO_SIDEWAYS_SCROLL), page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    panel = page.locator("#main-menu")
    expect(panel).to_be_hidden()
    screenshot(page, f"home-{role}-390")
    opener = page.get_by_role("button", name=vi("Open the menu"))
    opener.click()
    expect(panel).to_be_visible()
    expect(panel).to_have_class(re.compile(r"\bshow\b"))  # slid in: Bootstrap's "showing"
    expect(panel).not_to_have_class(re.compile(r"\bshowing\b"))  # ends with the transition
    expect(opener).to_have_attribute("aria-expanded", "true")
    expect(panel.locator("a").filter(has_text=vi("Home")).first).to_be_visible()
    screenshot(page, f"home-{role}-390-menu")
    page.get_by_role("button", name=vi("Close the menu")).click()
    expect(panel).to_be_hidden()

    page.set_viewport_size(DESKTOP)
    page.reload()
    assert page.evaluate(NO_SIDEWAYS_SCROLL), page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]")
    expect(panel).to_be_visible()  # the sidebar, always there on a wide screen
    expect(page.get_by_role("button", name=vi("Open the menu"))).to_be_hidden()
    screenshot(page, f"home-{role}-1440")
