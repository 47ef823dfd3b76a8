"""Users for the permission suite: one per role, placed where the probe needs them."""

from __future__ import annotations

from typing import Any

from cnqp.core.choices import Classification
from cnqp.core.models import User


def probe_user(role: str, kind: str, org: Any, make_user: Any) -> User:
    """other-unit: top clearance, in enterprise A (records are made in enterprise B and in A's
    workshop); lower-clearance: no clearance, in enterprise A."""
    clearance = Classification.TOP_SECRET if kind == "other-unit" else Classification.UNCLASSIFIED
    return make_user([role], org.enterprise_a, clearance, username=f"probe-{role}")
