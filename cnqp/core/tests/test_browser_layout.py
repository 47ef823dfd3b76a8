"""The shell in a real browser (issue 21): on a phone the menu is an off-canvas panel behind
a button, so the page starts with its content; on a wide screen a wide board scrolls inside
its own box and never widens the page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from playwright.sync_api import expect

from cnqp.core.models import User
from cnqp.core.testing.browser import menu, screenshot, vi

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_on_a_phone_the_menu_waits_behind_its_button(admin_user: User, log_in_as: Any) -> None:
    page = log_in_as(admin_user)
    page.set_viewport_size(PHONE)
    page.reload()
    main = page.locator("main").bounding_box()
    assert main is not None and main["y"] < 200, main  # not below a page-long sidebar
    header = page.locator("header.shell-header").bounding_box()
    assert header is not None and header["height"] < 70, header  # one line, not wrapped
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    # the user's menu
    for reachable in ("header a[href$='/account/']", "header form[action$='/logout/'] button"):
        box = page.locator(reachable).bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], reachable
    panel = page.locator("#main-menu")
    assert not panel.is_visible()
    screenshot(page, "layout-phone-closed")

    opener = page.get_by_role("button", name=vi("Open the menu"))
    assert opener.get_attribute("aria-expanded") in (None, "false")
    opener.click()
    panel.wait_for(state="visible")
    expect(opener).to_have_attribute("aria-expanded", "true")
    screenshot(page, "layout-phone-open")
    menu(page, "Science and technology", "Pipeline")  # a link in the panel navigates
    assert not page.locator("#main-menu").is_visible()  # and the new page starts closed

    page.get_by_role("button", name=vi("Open the menu")).click()
    panel.wait_for(state="visible")
    page.get_by_role("button", name=vi("Close the menu")).click()
    panel.wait_for(state="hidden")


def test_on_a_wide_screen_the_pipeline_scrolls_in_its_box(admin_user: User, log_in_as: Any,
                                                          live_url: str) -> None:
    page = log_in_as(admin_user)
    page.set_viewport_size(DESKTOP)
    page.goto(live_url + reverse("research:pipeline"))
    board = page.locator(".pipeline")
    assert board.evaluate("el => el.scrollWidth > el.clientWidth")  # wider than the screen...
    assert page.evaluate(NO_SIDEWAYS_SCROLL)  # ...yet the page is not
    assert page.locator("#main-menu").is_visible()  # the sidebar, as before
    assert not page.get_by_role("button", name=vi("Open the menu")).is_visible()
    screenshot(page, "layout-pipeline-wide")
