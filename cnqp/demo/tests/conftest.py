"""The demo, seeded once for every test of this package and shared by them, read-only.

Seeding takes tens of seconds, so it happens once: inside a transaction opened when the first
test of the package needs it and rolled back when the package's last test is done (each test
runs in a savepoint of its own, as usual). Nothing else sees it: pytest tears a package's
fixtures down before it runs tests from elsewhere. With pytest-xdist, `--dist loadgroup` sends
the whole package to one worker (cnqp/conftest.py), so the demo is seeded once per run.

A test marked `demo_seeded_twice` compares the shared demo with a first seeding, made and
rolled back just before it in the same transaction; only then is the demo seeded twice."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cnqp.core.models import User
from cnqp.demo.tests.fingerprint import Fingerprint, Window, fingerprint, restart_ids

TWICE = "demo_seeded_twice"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{TWICE}: compare the shared demo with a first seeding")


@dataclass(frozen=True)
class Demo:
    output: str  # what `seed_demo --if-empty` printed
    first: Fingerprint | None  # of a first seeding, rolled back (demo_seeded_twice only)
    shared: Fingerprint | None  # of the shared seeding (demo_seeded_twice only)


def _seed(*args: str) -> tuple[str, Window]:
    out = io.StringIO()
    restart_ids()  # both seedings from the same ids, as in a fresh database
    start = timezone.now()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue(), Window(start, timezone.now())


def _seeded_twice(session: pytest.Session) -> bool:
    return any(item.get_closest_marker(TWICE) for item in session.items)


@pytest.fixture(scope="package")
def demo(request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    apart = tmp_path_factory.mktemp("demo")  # field report photos and anchors, never var/
    with django_db_blocker.unblock(), \
            override_settings(PASSWORD_HASHERS=hashers, MEDIA_ROOT=apart / "media",
                              AUDIT_ANCHOR_PATH=str(apart / "audit-anchor.json"),
                              AUDIT_ANCHOR_LOG=""), \
            transaction.atomic():
        first = None
        if _seeded_twice(request.session):
            with transaction.atomic():
                first = fingerprint(_seed()[1])
                transaction.set_rollback(True)
        output, window = _seed("--if-empty")
        yield Demo(output=output, first=first,
                   shared=fingerprint(window) if first is not None else None)
        transaction.set_rollback(True)


@pytest.fixture
def users(demo: Demo, db: None) -> dict[str, User]:
    return {u.username: u for u in User.objects.all()}
