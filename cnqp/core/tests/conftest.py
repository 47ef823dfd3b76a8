"""The permission suite's shared world (probe_setup.py), built once for its module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from cnqp.core.tests.probe_setup import ProbeWorld, build_probe_world


@pytest.fixture(scope="module")
def probe_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[ProbeWorld]:
    """Inside a transaction rolled back when the module ends; each probe runs in a savepoint
    of its own, as usual, so its records and requests leave nothing behind."""
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=hashers), \
            transaction.atomic():
        yield build_probe_world()
        transaction.set_rollback(True)
