"""The "falls due" page of a unit: inspections, certificates, plan and rule reviews, findings
and corrective actions due within 30 days or overdue, each line linking to its record. The
unit chooser offers the units the user may ask for (an enterprise's staff: their own subtree,
their unit by default); a section shows only for a user who may view its records. One query
per section whatever the number of lines (a section shows at most `LIMIT`, and says how many
there are)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cnqp.core import audit
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.forms import StyledForm
from cnqp.core.records.resource import Resource
from cnqp.core.units import units_in_reach
from cnqp.quality.resources import actions
from cnqp.safety.resources import assets, certificates, findings, plans, rules
from cnqp.safety.selectors import HORIZON_DAYS, falls_due
from cnqp.safety.services.due import lines_of

LIMIT = 200  # lines per section; beyond it the section says how many there are

SECTIONS: tuple[tuple[str, Any, Resource], ...] = (
    ("assets", _("Asset inspections"), assets),
    ("certificates", _("Certificates"), certificates),
    ("plans", _("Plan reviews"), plans),
    ("rules", _("Rule reviews"), rules),
    ("findings", _("Findings"), findings),
    ("actions", _("Corrective actions"), actions),
)


class DueUnitForm(StyledForm):
    compact = True
    unit = forms.ModelChoiceField(label=_("Unit"), required=False,
                                  queryset=OrgUnit.objects.none(), empty_label=_("All I see"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units_in_reach(user).order_by("path")
        if not user.sees_all_units:  # "all I see" would add the rules of the units above
            field.required, field.empty_label = True, None


def _rows(records: list[Any], kind: str, today: dt.date) -> list[dict[str, Any]]:
    rows = []
    for line in lines_of(kind, records):
        days = line.days(today)
        rows.append({"line": line, "overdue": days < 0, "late": -days, "left": days})
    return rows


@login_required
@require_GET
def due_page(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # behind login_required
    shown = [(kind, title, resource) for kind, title, resource in SECTIONS
             if resource.may(user, "view")]
    if not shown:
        raise PermissionDenied
    today = timezone.localdate()
    default = None if user.sees_all_units else user.org_unit
    form = DueUnitForm(request.GET or None, user=user,
                       initial={"unit": default.pk if default else None})
    unit = default
    if form.is_bound:
        unit = form.cleaned_data["unit"] if form.is_valid() else default
    due = falls_due(user, unit, today)
    sections = []
    for kind, title, resource in shown:
        queryset = getattr(due, kind)
        records = list(queryset[:LIMIT + 1])
        total = queryset.count() if len(records) > LIMIT else len(records)
        records = records[:LIMIT]
        audit.record_listing(user, resource.model, records)
        rows = _rows(records, kind, today)
        sections.append({"kind": kind, "title": title, "rows": rows, "total": total,
                         "overdue": sum(1 for row in rows if row["overdue"]),
                         "list_url": _list_url(resource)})
    return TemplateResponse(request, "safety/due.html", {
        "form": form, "unit": unit, "today": today, "horizon": HORIZON_DAYS,
        "sections": sections, "limit": LIMIT,
        "until": today + dt.timedelta(days=HORIZON_DAYS)})


def _list_url(resource: Resource) -> str:
    try:
        return reverse(resource.url_name("list"))
    except NoReverseMatch:
        return ""


urlpatterns: list[URLPattern] = [path("due/", due_page, name="due")]
