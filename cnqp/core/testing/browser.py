"""Browser tests: Playwright driving Debian's Chromium (never a browser build of its own) against
a live server that shares the test's database connection, so a test's records are seen by the
browser and rolled back after it, as in any other test (a transactional test would flush every
table, the roles of the migrations and the append-only audit log among them).

The server is single-threaded: a request at a time on the one connection. The fixtures are in
cnqp/conftest.py; every browser test file is called test_browser.py (or test_browser_<topic>.py),
and one xdist worker runs them all (they share a Chromium per file)."""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pyotp
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test.testcases import _MediaFilesHandler
from django.urls import reverse
from django.utils import translation

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from cnqp.core.models import User

SKIP_VARIABLE = "CNQP_SKIP_BROWSER"
MISSING = (
    "The browser tests need Chromium (Debian's package) and Playwright (the dev extra). "
    "Install them with `make venv setup-browser` (as root: apt-get install -y "
    "--no-install-recommends chromium), or name a Chromium with CNQP_CHROMIUM=/path; "
    f"{SKIP_VARIABLE}=1 skips these tests on purpose.")


def chromium_path() -> str | None:
    """CNQP_CHROMIUM when set, else Debian's chromium on the PATH."""
    named = os.environ.get("CNQP_CHROMIUM", "")
    return named if named and Path(named).is_file() else shutil.which("chromium")


def skipped_on_purpose() -> bool:
    return os.environ.get(SKIP_VARIABLE, "") not in ("", "0")


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(threading.Thread):
    """One request at a time, on the test's connection (this thread's connection is the test's
    object, shared as Django's live server shares an in-memory SQLite one), never closed here:
    the test's transaction is still open when the server stops."""

    def __init__(self, connection: Any) -> None:
        super().__init__(daemon=True)
        self.connection = connection
        self.httpd = WSGIServer(("127.0.0.1", 0), _Quiet, allow_reuse_address=False)
        self.httpd.set_app(StaticFilesHandler(_MediaFilesHandler(WSGIHandler())))

    def run(self) -> None:
        connections["default"] = self.connection
        self.httpd.serve_forever()


@contextmanager
def live_server() -> Iterator[str]:
    """A server at http://127.0.0.1:<port> on the test's connection, for the test's length.
    Django closes a connection left in a transaction at each request's start and end: not
    this one, as its test client does not either."""
    connection = connections["default"]
    connection.inc_thread_sharing()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    server = _Server(connection)
    server.start()
    try:
        yield f"http://127.0.0.1:{server.httpd.server_address[1]}"
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        server.join(timeout=10)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        connection.dec_thread_sharing()


def log_in(page: Page, base_url: str, user: User, password: str) -> None:
    """Through the real log-in page, and the code page when the user has a second factor;
    ends on the page the log-in leads to."""
    page.goto(base_url + reverse("core:login"))
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    if page.url.split("?")[0].endswith(reverse("core:second-factor")):
        page.locator("input[name=code]").fill(pyotp.TOTP(user.totp_secret).now())
        page.locator("form button[type=submit]").click()
        page.wait_for_load_state()
    if page.url.split("?")[0].endswith(reverse("core:login")):
        raise AssertionError(f"{user.username} could not log in: "
                             f"{page.locator('form').inner_text()}")


def screenshot(page: Page, name: str) -> None:
    """The whole page as a PNG under CNQP_SHOTS (for a person to look at), when it is set."""
    folder = os.environ.get("CNQP_SHOTS", "")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


# --- what a person does: the Vietnamese interface's words ----------------------------------


def vi(msgid: str) -> str:
    """What the Vietnamese interface shows for `msgid` (the msgid until it is translated)."""
    with translation.override("vi"):
        return translation.gettext(msgid)


def link(scope: Page | Locator, text: str) -> Locator:
    """The link inside `scope` that reads `text` (its icon and its count badge aside: the
    menu's "My work 3")."""
    return scope.locator("a").filter(
        has_text=re.compile(rf"^\s*{re.escape(text)}\s*[\d.]*\s*$")).first


def menu(page: Page, group: str, item: str) -> None:
    """The sidebar's `item` under `group` (msgids), as a person finds it; returns on its page."""
    label = page.locator("nav.sidebar .group-label").filter(
        has_text=re.compile(rf"^\s*{re.escape(vi(group))}\s*$"))
    item_link = link(label.locator("xpath=following-sibling::ul[1]"), vi(item))
    target = item_link.get_attribute("href")
    item_link.click()
    page.wait_for_url(lambda url: urlsplit(url).path == target)


def card(page: Page, title: str) -> Locator:
    """The card of a record page whose header reads `title` (a msgid)."""
    return page.locator(".card").filter(has=page.get_by_text(vi(title), exact=True))


def save(page: Page, lands_on: str) -> None:
    """A record form's Save (sent by htmx, which follows the server's redirect); returns on
    the page whose URL matches `lands_on`. A form sent back with its errors fails at once,
    naming them, rather than as a timeout waiting for a page that will not come."""
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name=vi("Save")).click()
    response = posted.value
    if "hx-redirect" not in response.headers:
        feedback = r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"([^>]*)>(.*?)</div>'
        errors = re.findall(feedback, response.text(), re.S)
        texts = [(re.sub(r'.*id="([^"]*)".*', r"\1", attrs).strip(),
                  re.sub(r"<[^>]+>|\s+", " ", error).strip()) for attrs, error in errors]
        raise AssertionError(f"the form was not saved (HTTP {response.status}): {texts}")
    page.wait_for_url(re.compile(lands_on))
