"""The whole API fuzzed with schemathesis, in process: every operation of /api/openapi.json,
with data that fits its schema and data that does not, as an administrator and as an
enterprise's staff, over a small realistic world (org units and users of every side, a
production line from a steel lot to rifles delivered to two divisions, a field report, a
non-conformance, a recall, and records of every other resource). No answer may be a server
error, and every answer must match the schema documented for its status.

Each request runs in a savepoint rolled back after it, so every case meets the same world,
as a request in production meets the database (autocommit) and a failed one leaves nothing.
Positive cases aim the record ids in their path at records that exist (a random id is almost
always a 404); negative cases take any path.

Bounded for CI: `EXAMPLES` cases per operation, generation mode and user, derandomized so that
a run is repeatable; CNQP_FUZZ_EXAMPLES=100 explores further by hand.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance

from cnqp.api.api import api
from cnqp.core import services as core_services
from cnqp.core.models import User
from cnqp.core.records.registry import resources
from cnqp.core.records.resource import Resource
from cnqp.core.testing.factories import factory_for
from cnqp.production.tests.conftest import world  # noqa: F401 (fixture)
from cnqp.quality import services as quality_services
from cnqp.quality.tests.conftest import Line, file_report, line  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

EXAMPLES = {GenerationMode.POSITIVE: int(os.environ.get("CNQP_FUZZ_EXAMPLES", "4")),
            GenerationMode.NEGATIVE: int(os.environ.get("CNQP_FUZZ_EXAMPLES", "3"))}
CHECKS = [not_a_server_error, response_schema_conformance]

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api"))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
ID_PARAMETER = re.compile(r"/api/(?P<app>[a-z]+)/(?P<slug>[a-z-]+)/\{(?P<name>\w+_id)\}")


@pytest.fixture(autouse=True)
def _quiet(caplog: pytest.LogCaptureFixture) -> None:
    """4xx answers are the point here: Django's warning for each is noise."""
    caplog.set_level(logging.CRITICAL, logger="django.request")


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """Django's WSGI handler, called in the test's transaction: the connection is not closed
    at the end of each request (as Django's test client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def seed(line: Line) -> None:  # noqa: F811 (the fixture imported above)
    """The line's world, plus a field report with a non-conformance, a recall from the barrel
    lot, and two records of every resource made by its factory."""
    report = file_report(line)
    nonconformance = quality_services.open_nonconformance(line.qlcn, report,
                                                          title="Kẹt vỏ đạn")
    quality_services.issue_recall(line.qlcn, start_node=line.barrels.node,
                                  reason="Nòng sai dung sai", nonconformance=nonconformance)
    for resource in resources():
        for _ in range(2):
            factory_for(resource.model)()


def resource_at(app: str, slug: str) -> Resource | None:
    for resource in resources(app):
        if resource.slug == slug:
            return resource
    return None


def aimed(operation: Any, user: User) -> Any:
    """The operation's positive cases, with the record id of its path drawn from the records
    `user` sees of the resource the path names (the last ones made first)."""
    strategy = operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
    match = ID_PARAMETER.match(operation.path)
    resource = match and resource_at(match["app"], match["slug"])
    if resource is None:
        return strategy
    ids = list(resource.queryset(user).order_by("-pk").values_list("pk", flat=True)[:5])
    if not ids:
        return strategy
    name = match["name"]
    return st.sampled_from(ids).flatmap(lambda pk: operation.as_strategy(
        generation_mode=GenerationMode.POSITIVE, path_parameters={name: pk}))


def fuzz(operation: Any, strategy: Any, examples: int, app: WSGIHandler,
         headers: dict[str, str]) -> int:
    """Run `examples` cases; raise the first failure. Returns the number of requests sent."""
    sent = 0

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case: Any) -> None:
        nonlocal sent
        sent += 1
        savepoint = transaction.savepoint()
        try:
            response = case.call(app=app, headers=headers)
        finally:
            transaction.savepoint_rollback(savepoint)
        case.validate_response(response, checks=CHECKS)

    run()
    return sent


@pytest.mark.parametrize("who", ["admin", "enterprise"])
def test_no_server_error_and_every_answer_as_documented(
        who: str, line: Line, wsgi_app: WSGIHandler) -> None:  # noqa: F811
    seed(line)
    user = line.world.admin if who == "admin" else line.world.staff
    _token, raw = core_services.create_api_token(user, user=user, name="fuzz")
    headers = {"Authorization": f"Bearer {raw}"}
    failures: list[str] = []
    started, sent = time.monotonic(), 0
    for operation in OPERATIONS:
        for mode, examples in EXAMPLES.items():
            strategy = (aimed(operation, user) if mode.is_positive
                        else operation.as_strategy(generation_mode=mode))
            try:
                sent += fuzz(operation, strategy, examples, wsgi_app, headers)
            except (Exception, FailureGroup) as exc:  # every failure reported, not the first
                failures.append(f"{operation.label} ({mode}): {exc}"[:4000])
    print(f"\nfuzz as {who}: {len(OPERATIONS)} operations, {sent} requests, "
          f"{time.monotonic() - started:.0f} s")
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures)
