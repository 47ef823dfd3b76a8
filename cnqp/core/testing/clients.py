"""A test client signed in as a user, past the second factor: for the tests (`conftest`) and
the benchmarks alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.test import Client

from cnqp.core.accounts.second_factor import SECOND_FACTOR_DONE

if TYPE_CHECKING:
    from cnqp.core.models import User


def signed_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SECOND_FACTOR_DONE] = True
    session.save()
    return client
