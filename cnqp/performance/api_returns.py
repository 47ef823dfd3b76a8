"""GET and PUT /api/performance/returns/{id}/values: a return's values, so that an
enterprise's own system fills its return (then submits it with POST .../submit, the generated
step route). GET gives every indicator, the totals and ratios computed; PUT sets the entered
ones (`services.save_values`: a value null or "" removes it, an indicator not named keeps
its value) and answers as GET. A refusal is the API's error format, each error naming the
indicator's code as its field. The same gate as the pages: 404 for a return the user may not
see, 403 without the permission, the service deciding who acts for the enterprise and
whether the return is still edited. `register(router)` adds the routes to the app's router.

No `from __future__ import annotations` here: ninja reads the endpoint annotations at runtime.
"""

from decimal import Decimal
from typing import Annotated, Any, Optional, cast

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from cnqp.core.models import User
from cnqp.core.records.api.errors import ErrorOut
from cnqp.core.records.api.schemas import PathId, StrictInput, Text
from cnqp.core.records.resource import Resource
from cnqp.performance import selectors, services
from cnqp.performance.models import Submission, Value
from cnqp.performance.resources.returns import returns

VALUE = Value._meta.get_field("value")
Code = Annotated[str, Field(max_length=40)]  # an indicator's code
Number = Annotated[Decimal, Field(max_digits=VALUE.max_digits,
                                  decimal_places=VALUE.decimal_places)]
MAX_INDICATORS = 200


class ReturnValueOut(Schema):
    code: str
    name: str
    unit_of_measure: str
    kind: str
    computed: bool
    decimals: int
    value: Optional[Decimal]  # noqa: UP045 (pydantic reads it at runtime)
    previous: Optional[Decimal]  # noqa: UP045
    explanation: str


class ReturnValuesOut(Schema):
    return_id: int
    status: str
    year: int
    period_kind: str
    period_number: int
    period: str
    scenario: str
    version: int
    classification: int
    values: list[ReturnValueOut]


class ReturnValuesIn(StrictInput):
    values: dict[Code, Optional[Number]] = Field(  # noqa: UP045
        default_factory=dict, max_length=MAX_INDICATORS,
        description="Entered indicators by code; null removes the value")
    explanations: dict[Code, Text] = Field(default_factory=dict, max_length=MAX_INDICATORS,
                                           description="Explanations by indicator code")


def values_out(submission: Submission, user: User) -> dict[str, Any]:
    return {
        "return_id": submission.pk, "status": submission.status, "year": submission.year,
        "period_kind": submission.period_kind, "period_number": submission.period_number,
        "period": submission.period_label, "scenario": submission.scenario,
        "version": submission.version, "classification": submission.classification,
        "values": [{"code": row.code, "name": row.indicator.name,
                    "unit_of_measure": row.indicator.unit_of_measure,
                    "kind": row.indicator.kind, "computed": row.computed,
                    "decimals": row.indicator.decimals, "value": row.value,
                    "previous": row.previous, "explanation": row.explanation}
                   for row in selectors.return_rows(submission, user=user)],
    }


def register(router: Router, resource: Resource = returns) -> None:
    tags = [resource.label_plural]

    @router.get("/returns/{int:item_id}/values",
                response={200: ReturnValuesOut, 404: ErrorOut, 422: ErrorOut},
                operation_id="performance_returns_values", tags=tags,
                summary="A return's values, with its totals and ratios computed")
    def get_values(request: HttpRequest, item_id: PathId) -> dict[str, Any]:
        user = cast(User, request.user)  # the API authenticated it
        return values_out(resource.read(user, item_id), user)

    @router.put("/returns/{int:item_id}/values",
                response={200: ReturnValuesOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
                operation_id="performance_returns_values_put", tags=tags,
                summary="Set the values of a draft or returned return")
    def put_values(request: HttpRequest, item_id: PathId,
                   payload: ReturnValuesIn) -> dict[str, Any]:
        user = cast(User, request.user)  # the API authenticated it
        submission = resource.get_for(user, item_id, "update")
        saved = services.save_values(user, submission, values=payload.values,
                                     explanations=payload.explanations)
        return values_out(saved, user)
