"""Shared fixtures: a small org tree and users of every role, built per test (`build_org` and
`create_user` also build them once for a module: the permission suite); a browser on a live
server for the browser tests (cnqp/core/testing/browser.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pyotp
import pytest
from django.db import connections
from django.test import Client

from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.factories import OrgUnitFactory, UserFactory
from cnqp.core.models import OrgUnit, User
from cnqp.core.testing.clients import signed_in_client

# Test packages whose tests share a package-scoped fixture (the demo, seeded once): with
# `-n N --dist loadgroup`, one worker runs each package whole; the rest goes file by file.
WHOLE_PACKAGES = ("cnqp/demo/tests/",)
# The browser tests of every app (test_browser.py, test_browser_<topic>.py), on one worker
# (one Chromium busy at a time).
BROWSER_TESTS = "/test_browser"


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: absent under -p no:xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """The groups of `--dist loadgroup`, by path: pytest-xdist finds `xdist_group` marks by
    rewriting node ids, which pytest 9.2 ignores (pytest-xdist#1386). Outside those packages,
    a file's tests stay together and in order, as under `--dist loadfile`."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class WholePackages(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            if BROWSER_TESTS in path:
                return BROWSER_TESTS
            return next((p for p in WHOLE_PACKAGES if path.startswith(p)), path)

    return WholePackages(config, log)


@pytest.fixture(autouse=True)
def _cheap_password_hashing(request: pytest.FixtureRequest, settings: Any) -> None:
    """Argon2 costs a tenth of a second per user; tests that are not about passwords hash
    cheaply. Tests marked `argon2` (the log-in tests) keep the production hasher."""
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Org:
    root: OrgUnit
    department: OrgUnit
    enterprise_a: OrgUnit
    workshop_a1: OrgUnit
    enterprise_b: OrgUnit
    user_unit: OrgUnit


def build_org() -> Org:
    root = OrgUnitFactory(code="TCCNQP", name="Tổng cục Công nghiệp quốc phòng",
                          kind=OrgUnitKind.DIRECTORATE, parent=None)
    department = OrgUnitFactory(code="QLCN", name="Cục Quản lý công nghệ",
                                kind=OrgUnitKind.DEPARTMENT, parent=root,
                                domains="documents,quality,research")
    enterprise_a = OrgUnitFactory(code="Z111", name="Nhà máy Z111", parent=root)
    workshop_a1 = OrgUnitFactory(code="Z111-PX1", name="Phân xưởng cơ khí", parent=enterprise_a)
    enterprise_b = OrgUnitFactory(code="Z113", name="Nhà máy Z113", parent=root)
    user_unit = OrgUnitFactory(code="SD304", name="Sư đoàn 304", kind=OrgUnitKind.USER_UNIT,
                               parent=root)
    return Org(root, department, enterprise_a, workshop_a1, enterprise_b, user_unit)


@pytest.fixture
def org(db: Any) -> Org:
    return build_org()


@pytest.fixture(autouse=True)
def _dashboard_uncached(settings: Any) -> None:
    """Each test sees its own records on the home page, never another test's cached ones."""
    settings.CNQP_DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _audit_anchor_apart(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A test that commits anchors the audit chain's head in a file of its own, never var/'s
    (the directory is made only when written to)."""
    settings.AUDIT_ANCHOR_PATH = str(tmp_path_factory.getbasetemp() / "anchors"
                                     / uuid.uuid4().hex / "audit-anchor.json")
    settings.AUDIT_ANCHOR_LOG = ""


@pytest.fixture(autouse=True)
def _jobs_run_inline(settings: Any) -> None:
    """Background jobs run at once, inside the test's transaction (no worker process)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


MakeUser = Callable[..., User]


def create_user(roles: list[str], unit: OrgUnit, clearance: int = Classification.SECRET,
                **kwargs: Any) -> User:
    return UserFactory(roles=roles, org_unit=unit, clearance=clearance, **kwargs)


@pytest.fixture
def make_user(db: Any) -> MakeUser:
    return create_user


@pytest.fixture
def admin_user(org: Org, make_user: MakeUser) -> User:
    return make_user(["admin"], org.root, Classification.SECRET, username="admin")


def logged_in(user: User) -> Client:
    """A client signed in as `user`, past the second factor (enrolled in it first when the
    user's clearance requires one)."""
    if user.requires_second_factor and not user.totp_enabled:
        user.totp_secret = pyotp.random_base32()
        user.totp_enabled = True
        user.save(update_fields=["totp_secret", "totp_enabled"])
    return signed_in_client(user)


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    return logged_in


# --- browser tests (cnqp/core/testing/browser.py) ----------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, one per test file. Missing, the tests fail saying how to
    install it (CI must not pass without them), unless CNQP_SKIP_BROWSER=1."""
    from cnqp.core.testing import browser as support

    if support.skipped_on_purpose():
        pytest.skip(f"{support.SKIP_VARIABLE} is set")
    executable = support.chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        executable = None
    if executable is None:
        pytest.fail(support.MISSING, pytrace=False)
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an event loop running in this thread: the ORM calls of
        # the tests are still synchronous ones, and Django keeps the connections opened
        # meanwhile apart (a running loop), so they are closed before the loop stops.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=executable, headless=True)
            yield chromium
            chromium.close()
            connections.close_all()


@pytest.fixture
def live_url(db: Any, settings: Any) -> Iterator[str]:
    """The live server's base URL; it sees the test's records (its transaction)."""
    from cnqp.core.testing.browser import live_server

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    with live_server() as url:
        yield url


@pytest.fixture
def page(browser: Any, live_url: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context (no cookies), in Vietnamese, at Hanoi's time, 1366 wide."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": 1366, "height": 900},
                                  accept_downloads=True)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:  # what the browser showed when it failed
        from cnqp.core.testing.browser import screenshot

        screenshot(tab, f"FAILED-{request.node.name}")
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]  # read by the page fixture
    return report


@pytest.fixture
def log_in_as(page: Any, live_url: str) -> Callable[[User], Any]:
    """Logs `page` in as a user (through the log-in page), who is then the page's user."""
    from django.conf import settings as django_settings

    from cnqp.core.testing.browser import log_in

    def as_user(user: User) -> Any:
        page.context.clear_cookies()
        log_in(page, live_url, user, django_settings.CNQP_DEMO_PASSWORD)
        return page

    return as_user
