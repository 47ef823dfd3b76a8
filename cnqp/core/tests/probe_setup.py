"""What the permission suite's probes share: the org tree, a user per role and probe kind,
placed where the probe needs them, and a client signed in as each. Built once for the module
(the `probe_world` fixture, conftest.py); each probe's own records are its own."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from cnqp.conftest import Org, build_org, create_user, logged_in
from cnqp.core.access.roles import ROLES
from cnqp.core.choices import Classification
from cnqp.core.models import User

KINDS = ("other-unit", "lower-clearance")


def probe_user(role: str, kind: str, org: Org) -> User:
    """other-unit: top clearance, in enterprise A (records are made in enterprise B and in A's
    workshop); lower-clearance: no clearance, in enterprise A."""
    clearance = Classification.TOP_SECRET if kind == "other-unit" else Classification.UNCLASSIFIED
    return create_user([role], org.enterprise_a, clearance, username=f"probe-{role}-{kind}")


@dataclass(frozen=True)
class ProbeWorld:
    org: Org
    users: dict[tuple[str, str], User]  # (role, kind) → the probing user
    clients: dict[tuple[str, str], Client]  # signed in as that user


def build_probe_world() -> ProbeWorld:
    org = build_org()
    users = {(role, kind): probe_user(role, kind, org) for role in ROLES for kind in KINDS}
    return ProbeWorld(org, users, {key: logged_in(user) for key, user in users.items()})
