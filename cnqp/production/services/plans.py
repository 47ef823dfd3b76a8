"""Plans and plan items: the item lifecycle planned → in progress → completed. Starting an
item asks the directorate's rule `can_produce` (an issued design set and a usage right in
force for the purpose) and refuses with its reasons."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core import audit
from cnqp.core.models import OrgUnit, User
from cnqp.core.records import writes
from cnqp.core.records.guards import lock, only
from cnqp.documents.choices import Purpose
from cnqp.documents.models import ProductType
from cnqp.documents.selectors import can_produce
from cnqp.production.choices import PlanItemKind, PlanItemStatus
from cnqp.production.models import PlanItem, ProductionPlan
from cnqp.production.selectors import accepted_output
from cnqp.production.services.common import check_producer

# --- plans ------------------------------------------------------------------------------------


def create_plan(actor: User | None, *, year: int, enterprise: OrgUnit,
                classification: int = 0, note: str = "") -> ProductionPlan:
    check_producer(enterprise)
    return writes.create(actor, ProductionPlan(year=year, enterprise=enterprise,
                                               classification=classification, note=note))


PLAN_EDITABLE = frozenset({"classification", "note"})


def update_plan(actor: User | None, plan: ProductionPlan, **data: Any) -> ProductionPlan:
    # Year and enterprise name the plan (unique together); items hang on them.
    changed = {k: v for k, v in data.items()
               if k not in ("year", "enterprise") or v != getattr(plan, k)}
    if plan.items.exists():
        only(PLAN_EDITABLE, changed)
    if "enterprise" in changed:
        check_producer(changed["enterprise"])
    return writes.update(actor, plan, changed)


def delete_plan(actor: User | None, plan: ProductionPlan) -> None:
    if plan.items.exists():
        raise ValidationError(_("Delete the plan's items first."))
    writes.delete(actor, plan)


# --- items ------------------------------------------------------------------------------------


def _check_due_date(plan: ProductionPlan, due_date: dt.date) -> None:
    if due_date.year != plan.year:
        raise ValidationError({"due_date": _("The due date must fall within the plan's year "
                                             "(%(year)s).") % {"year": plan.year}})


def create_plan_item(actor: User | None, *, plan: ProductionPlan, product_type: ProductType,
                     kind: str, quantity: int, due_date: dt.date, funding_source: str,
                     note: str = "") -> PlanItem:
    _check_due_date(plan, due_date)
    return writes.create(actor, PlanItem(plan=plan, product_type=product_type, kind=kind,
                                         quantity=quantity, due_date=due_date,
                                         funding_source=funding_source, note=note))


ITEM_EDITABLE = frozenset({"quantity", "due_date", "funding_source", "note"})


def update_plan_item(actor: User | None, item: PlanItem, **data: Any) -> PlanItem:
    changed = {k: v for k, v in data.items() if v != getattr(item, k, None)}
    only(ITEM_EDITABLE | ({"product_type", "kind"} if item.status == PlanItemStatus.PLANNED
                          else frozenset()), changed)
    if item.status == PlanItemStatus.COMPLETED:
        raise ValidationError(_("A completed item cannot be changed."))
    if "due_date" in changed:
        _check_due_date(item.plan, changed["due_date"])
    return writes.update(actor, item, changed)


def delete_plan_item(actor: User | None, item: PlanItem) -> None:
    if item.status != PlanItemStatus.PLANNED:
        raise ValidationError(_("Only a planned item can be deleted; started work keeps its "
                                "history."))
    writes.delete(actor, item)


ACTION_LABELS = {"start": gettext_lazy("started"), "complete": gettext_lazy("completed")}

# action: (status it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[str, str]] = {
    "start": (PlanItemStatus.PLANNED, PlanItemStatus.IN_PROGRESS),
    "complete": (PlanItemStatus.IN_PROGRESS, PlanItemStatus.COMPLETED),
}


def _check_transition(item: PlanItem, action: str) -> str:
    source, target = TRANSITIONS[action]
    if item.status != source:
        raise ValidationError({"status": _(
            "The item is %(status)s: it cannot be %(action)s. Allowed from: %(allowed)s.") % {
            "status": item.get_status_display().lower(), "action": str(ACTION_LABELS[action]),
            "allowed": str(PlanItemStatus(source).label).lower()}})
    return target


def _check_date(on_date: dt.date, field: str) -> None:
    if on_date > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def purpose_of(item: PlanItem) -> str:
    return Purpose.REPAIR if item.kind == PlanItemKind.REPAIR else Purpose.PRODUCTION


def start_plan_item(actor: User | None, item: PlanItem, *,
                    on_date: dt.date | None = None) -> PlanItem:
    """Start production or repair: refused unless the enterprise may produce (repair) the
    product type on that date; the refusal carries `can_produce`'s reasons."""
    on_date = on_date or timezone.localdate()
    _check_date(on_date, "started_on")
    with transaction.atomic():
        item = lock(item)
        target = _check_transition(item, "start")
        plan = item.plan
        clearance = can_produce(plan.enterprise, item.product_type, on_date, purpose_of(item))
        if not clearance.allowed:
            raise ValidationError({"status": clearance.reasons})
        before = audit.snapshot(item)
        item.status, item.started_on = target, on_date
        item.save(update_fields=["status", "started_on", "updated_at"])
        audit.record_change(actor, item, before)
        return item


def complete_plan_item(actor: User | None, item: PlanItem, *,
                       on_date: dt.date | None = None) -> PlanItem:
    """Complete an item whose accepted output reaches its quantity (progress, see
    docs/production-figures.md). Whether it was on time is read from the dates, not typed."""
    on_date = on_date or timezone.localdate()
    _check_date(on_date, "completed_on")
    with transaction.atomic():
        item = lock(item)
        target = _check_transition(item, "complete")
        if item.started_on and on_date < item.started_on:
            raise ValidationError({"completed_on": _("The item cannot be completed before it "
                                                     "started.")})
        done = accepted_output(item)
        if done < item.quantity:
            raise ValidationError({"status": _(
                "Only %(done)s of %(quantity)s units have passed a signed-off final "
                "acceptance.") % {"done": done, "quantity": item.quantity}})
        before = audit.snapshot(item)
        item.status, item.completed_on = target, on_date
        item.save(update_fields=["status", "completed_on", "updated_at"])
        audit.record_change(actor, item, before)
        return item

