"""Imports of a directorate's production registers from XLSX or CSV through the register
engine: every row checked first (errors by row and column), then all written through the
services in one transaction, or nothing.

- Plan items (`plan-items`): one row per item of a year's plan of an enterprise; the plan of
  (year, enterprise) is created when missing. A row may carry the item's history: started on
  (the start is judged at that date: an issued design set and a usage right in force then, even
  if it has expired since) and completed on (a completion needs the item's accepted output, as
  on its page). A row naming an item already recorded (same plan, product type and kind) adds
  the steps it has not taken yet, so a register is imported once with its start dates, and
  again with its completion dates once the output and its acceptances are recorded.
- Deliveries (`deliveries`): one row per delivery note, its serial numbers separated by commas:
  serials of the delivering enterprise with a passed, signed-off final acceptance dated on or
  before the delivery, never delivered before.

Each step takes the date it happened; the audit entries record when and by whom it was entered.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.choices import Classification, OrgUnitKind
from cnqp.core.imports import (
    Choice,
    Column,
    Date,
    Importer,
    Integer,
    Outcome,
    Reference,
    Row,
    Text,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.records.forms import units_user_may_own
from cnqp.core.units import not_a_producer
from cnqp.documents.models import ProductType
from cnqp.documents.selectors import can_produce
from cnqp.production import services
from cnqp.production.choices import FundingSource, PlanItemKind, PlanItemStatus
from cnqp.production.models import (
    Delivery,
    DeliveryLine,
    Inspection,
    PlanItem,
    ProductionPlan,
    SerialUnit,
)
from cnqp.production.selectors import accepted_output, accepted_q


def _user_unit(unit: OrgUnit) -> str | None:
    if unit.kind != OrgUnitKind.USER_UNIT:
        return _("%(code)s is not a user unit: deliveries go to user units.") % {
            "code": unit.code}
    return None


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


class PlanItemImporter(Importer):
    name = "plan-items"
    label = gettext_lazy("Production plans and their items")
    model = PlanItem
    permission = "production.add_planitem"
    level_column = "classification"
    # a refusal of a step (a right not in force, output not accepted) names the item's status
    field_columns = {"status": "started_on"}
    sheet_title = "Kế hoạch sản xuất"
    columns = (
        Column("year", "Năm kế hoạch", Integer(min_value=2000, max_value=2100), required=True),
        Column("enterprise", "Doanh nghiệp", Reference(OrgUnit, check=not_a_producer),
               required=True, help=gettext_lazy("Your unit or a unit below it.")),
        Column("product_type", "Mã chủng loại", Reference(ProductType), required=True),
        Column("kind", "Sản xuất/sửa chữa", Choice(PlanItemKind), required=True,
               aliases=("Loại",)),
        Column("quantity", "Số lượng", Integer(min_value=1), required=True),
        Column("due_date", "Hạn hoàn thành", Date(), required=True,
               help=gettext_lazy("Within the plan's year.")),
        Column("funding_source", "Nguồn kinh phí", Choice(FundingSource), required=True),
        # The plan's level. Required: an empty cell must never file a secret plan as
        # unclassified.
        Column("classification", "Độ mật", Choice(Classification), required=True),
        Column("started_on", "Ngày bắt đầu", Date(),
               help=gettext_lazy("Historical entry: the item is started on this date, if the "
                                 "enterprise held a usage right in force then.")),
        Column("completed_on", "Ngày hoàn thành", Date(),
               help=gettext_lazy("Historical entry: the item is completed on this date; its "
                                 "output must have passed its signed-off final acceptances.")),
        Column("note", "Ghi chú", Text(multiline=True)),
    )

    def import_classification(self, rows: list[Row]) -> int:
        return max((int(row.values["classification"]) for row in rows), default=0)

    @staticmethod
    def key(row: Row) -> tuple[int, int, int, str]:
        v = row.values
        return v["year"], v["enterprise"].pk, v["product_type"].pk, v["kind"]

    def prepare(self, rows: list[Row]) -> None:
        self.today = timezone.localdate()
        ids = {row.values["enterprise"].pk for row in rows}
        self.may_own = set(units_user_may_own(self.actor).filter(pk__in=ids)
                           .values_list("pk", flat=True))
        self.may_plan = self.actor.has_perm("production.add_productionplan")
        self.may_step = self.actor.has_perm("production.change_planitem")
        pairs = {(row.values["year"], row.values["enterprise"].pk) for row in rows}
        wanted = Q(pk__in=[])
        for year, enterprise in pairs:
            wanted |= Q(year=year, enterprise_id=enterprise)
        self.plans = {(p.year, p.enterprise_id): p
                      for p in ProductionPlan.objects.filter(wanted).select_related("enterprise")}
        self.visible_plans = set(scope_queryset(
            ProductionPlan.objects.filter(pk__in=[p.pk for p in self.plans.values()]),
            self.actor).values_list("pk", flat=True))
        items: dict[tuple[int, int, int, str], list[PlanItem]] = defaultdict(list)
        for item in (PlanItem.objects.filter(plan__in=list(self.plans.values()))
                     .select_related("plan", "plan__enterprise", "product_type")):
            items[(item.plan.year, item.plan.enterprise_id, item.product_type_id, item.kind)
                  ].append(item)
        self.items = dict(items)
        first: dict[tuple[int, int, int, str], int] = {}
        self.repeated: dict[int, int] = {}
        levels: dict[tuple[int, int], tuple[int, int]] = {}
        self.level_clash: dict[int, int] = {}
        for row in rows:
            key = self.key(row)
            if key in first:
                self.repeated[row.number] = first[key]
            first.setdefault(key, row.number)
            plan_key = key[:2]
            level = int(row.values["classification"])
            if plan_key in levels and levels[plan_key][0] != level:
                self.level_clash[row.number] = levels[plan_key][1]
            levels.setdefault(plan_key, (level, row.number))

    def validate_row(self, row: Row) -> None:
        v = row.values
        enterprise: OrgUnit = v["enterprise"]
        if enterprise.pk not in self.may_own:
            row.error("enterprise", _("%(code)s is not your unit or a unit below it.")
                      % {"code": enterprise.code})
            return
        if row.number in self.repeated:
            row.error("product_type", _("The same item (plan, product type and kind) is on "
                                        "row %(row)d.") % {"row": self.repeated[row.number]})
        if row.number in self.level_clash:
            row.error("classification", _("Row %(row)d gives this plan another level.")
                      % {"row": self.level_clash[row.number]})
        if v["due_date"].year != v["year"]:
            row.error("due_date", _("The due date must fall within the plan's year "
                                    "(%(year)s).") % {"year": v["year"]})
        plan = self.plans.get((v["year"], enterprise.pk))
        if plan is None and not self.may_plan:
            row.error("year", _("The plan of %(year)s for %(code)s does not exist and you may "
                                "not create plans.") % {"year": v["year"], "code": enterprise.code})
        if plan is not None and (plan.pk not in self.visible_plans
                                 or plan.classification > self.actor.clearance):
            row.error("year", _("The plan of %(year)s for %(code)s exists and you may not "
                                "change it.") % {"year": v["year"], "code": enterprise.code})
            return
        if plan is not None and plan.classification != v["classification"]:
            row.error("classification", _("The plan is filed as %(level)s.")
                      % {"level": Classification(plan.classification).label})
        found = self.items.get(self.key(row), [])
        if len(found) > 1:
            row.error("product_type", _("The plan has %(n)d items of this product type and "
                                        "kind: change them on their pages.") % {"n": len(found)})
            return
        row.existing = found[0] if found else None
        self._validate_steps(row)

    def _validate_steps(self, row: Row) -> None:
        """Dates not in the future and in order; a start judged at its date; a completion
        with its accepted output; a recorded step matches its cell."""
        v = row.values
        item: PlanItem | None = row.existing
        started, completed = v.get("started_on"), v.get("completed_on")
        for key, value in (("started_on", started), ("completed_on", completed)):
            if value is not None and value > self.today:
                row.error(key, _("The date cannot be in the future."))
        if completed is not None and started is None:
            row.error("completed_on", _("An item is completed only after it started: fill in "
                                        "“%(column)s”.") % {"column": self.headers["started_on"]})
        if started is not None and completed is not None and completed < started:
            row.error("completed_on", _("This date is before “%(column)s”.")
                      % {"column": self.headers["started_on"]})
        if (started or completed) and not self.may_step:
            row.error("started_on", _("You may not start or complete plan items; leave the "
                                      "dates empty."))
        if item is not None:
            for key, recorded in (("started_on", item.started_on),
                                  ("completed_on", item.completed_on)):
                if recorded is not None and key in self.present and v.get(key) != recorded:
                    row.error(key, _("The item's history changes only through its steps "
                                     "(recorded: %(value)s).") % {"value": _day(recorded)})
            if item.status == PlanItemStatus.COMPLETED:
                changed = self.changed(item, {k: v[k] for k in ("quantity", "due_date",
                                                                "funding_source")})
                for key in changed:
                    row.error(key, _("A completed item cannot be changed."))
                return
        if row.errors:
            return
        if started is not None and (item is None or item.started_on is None):
            enterprise: OrgUnit = v["enterprise"]
            purpose = services.purpose_of(PlanItem(kind=v["kind"]))
            clearance = can_produce(enterprise, v["product_type"], started, purpose)
            if not clearance.allowed:
                for reason in clearance.reasons:
                    row.error("started_on", reason)
        if completed is not None and (item is None or item.completed_on is None):
            done = accepted_output(item) if item is not None else 0
            quantity = v["quantity"]
            if done < quantity:
                row.error("completed_on", _(
                    "Only %(done)s of %(quantity)s units have passed a signed-off final "
                    "acceptance: import the item without this date, record its output and "
                    "acceptances, then import the row again.")
                    % {"done": done, "quantity": quantity})

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        key = (v["year"], v["enterprise"].pk)
        plan = self.plans.get(key)
        if plan is None:
            plan = services.create_plan(actor, year=v["year"], enterprise=v["enterprise"],
                                        classification=v["classification"])
            self.plans[key] = plan
        item: PlanItem | None = row.existing
        fields = {"quantity": v["quantity"], "due_date": v["due_date"],
                  "funding_source": v["funding_source"]}
        if "note" in v:
            fields["note"] = v["note"]
        outcome = Outcome.UNCHANGED
        if item is None:
            item = services.create_plan_item(actor, plan=plan, product_type=v["product_type"],
                                             kind=v["kind"], **fields)
            outcome = Outcome.CREATED
        elif changes := self.changed(item, fields):
            item = services.update_plan_item(actor, item, **changes)
            outcome = Outcome.UPDATED
        if v.get("started_on") and item.started_on is None:
            item = services.start_plan_item(actor, item, on_date=v["started_on"])
            outcome = outcome if outcome == Outcome.CREATED else Outcome.UPDATED
        if v.get("completed_on") and item.completed_on is None:
            services.complete_plan_item(actor, item, on_date=v["completed_on"])
            outcome = outcome if outcome == Outcome.CREATED else Outcome.UPDATED
        return outcome


class DeliveryImporter(Importer):
    name = "deliveries"
    label = gettext_lazy("Deliveries")
    model = Delivery
    permission = "production.add_delivery"
    sheet_title = "Giao nhận"
    field_columns = {"serials": "serial_numbers"}
    columns = (
        Column("document_number", "Số biên bản giao nhận", Text(max_length=64), required=True),
        Column("enterprise", "Doanh nghiệp giao", Reference(OrgUnit, check=not_a_producer),
               required=True, help=gettext_lazy("Your unit or a unit below it.")),
        Column("recipient", "Đơn vị nhận", Reference(OrgUnit, check=_user_unit), required=True),
        Column("date", "Ngày giao", Date(), required=True),
        Column("serial_numbers", "Số hiệu sản phẩm", Text(multiline=True), required=True,
               help=gettext_lazy("Serial numbers of the enterprise, separated by commas.")),
        Column("product_type", "Mã chủng loại", Reference(ProductType),
               help=gettext_lazy("Needed only when a serial number is used by two product "
                                 "types.")),
        Column("note", "Ghi chú", Text(multiline=True)),
    )

    @staticmethod
    def numbers(row: Row) -> list[str]:
        text = row.values.get("serial_numbers") or ""
        parts = text.replace(";", ",").replace("\n", ",").split(",")
        return [part.strip().upper() for part in parts if part.strip()]

    def prepare(self, rows: list[Row]) -> None:
        self.today = timezone.localdate()
        ids = {row.values["enterprise"].pk for row in rows}
        self.may_own = set(units_user_may_own(self.actor).filter(pk__in=ids)
                           .values_list("pk", flat=True))
        wanted = {n for row in rows for n in self.numbers(row)}
        serials = scope_queryset(SerialUnit.objects.filter(
            enterprise_id__in=ids, serial_number__in=sorted(wanted)), self.actor)
        self.serials: dict[tuple[int, str], list[SerialUnit]] = defaultdict(list)
        for serial in serials.select_related("product_type"):
            self.serials[(serial.enterprise_id, serial.serial_number)].append(serial)
        found = [s.pk for group in self.serials.values() for s in group]
        self.accepted_on: dict[int, dt.date] = {}
        for line in (Inspection.objects.filter(accepted_q(), target__serial__pk__in=found)
                     .values("target__serial__pk").annotate(first=Min("date"))):
            self.accepted_on[line["target__serial__pk"]] = line["first"]
        self.delivered = set(DeliveryLine.objects.filter(serial_id__in=found)
                             .values_list("serial_id", flat=True))
        self.recorded = set(Delivery.objects.filter(
            enterprise_id__in=ids,
            document_number__in=[row.values["document_number"] for row in rows])
            .values_list("enterprise_id", "document_number"))
        self.first_row: dict[int, int] = {}
        self.chosen: dict[int, list[SerialUnit]] = {}
        self.first_note: dict[tuple[int, str], int] = {}

    def validate_row(self, row: Row) -> None:
        v = row.values
        enterprise: OrgUnit = v["enterprise"]
        if enterprise.pk not in self.may_own:
            row.error("enterprise", _("%(code)s is not your unit or a unit below it.")
                      % {"code": enterprise.code})
            return
        note_key = (enterprise.pk, v["document_number"])
        if note_key in self.recorded:
            row.error("document_number", _("This delivery note of %(code)s is already "
                                           "recorded.") % {"code": enterprise.code})
        elif note_key in self.first_note:
            row.error("document_number", _("The same delivery note is on row %(row)d.")
                      % {"row": self.first_note[note_key]})
        self.first_note.setdefault(note_key, row.number)
        if v["date"] > self.today:
            row.error("date", _("The date cannot be in the future."))
        numbers = self.numbers(row)
        if not numbers:
            row.error("serial_numbers", _("Name the serial units delivered."))
        chosen: list[SerialUnit] = []
        problems: dict[str, list[str]] = defaultdict(list)
        product_type: ProductType | None = v.get("product_type")
        for number in numbers:
            candidates = self.serials.get((enterprise.pk, number), [])
            if product_type is not None:
                candidates = [s for s in candidates if s.product_type_id == product_type.pk]
            if not candidates:
                problems["missing"].append(number)
                continue
            if len(candidates) > 1:
                problems["ambiguous"].append(number)
                continue
            serial = candidates[0]
            accepted = self.accepted_on.get(serial.pk)
            if accepted is None:
                problems["unaccepted"].append(number)
            elif accepted > v["date"]:
                problems["early"].append(number)
            if serial.pk in self.delivered:
                problems["delivered"].append(number)
            if serial.pk in self.first_row:
                problems["twice"].append(number)
            self.first_row.setdefault(serial.pk, row.number)
            chosen.append(serial)
        messages = {
            "missing": _("Not serial units of %(code)s: %(numbers)s."),
            "ambiguous": _("Used by several product types of %(code)s: %(numbers)s; fill in "
                           "the product type."),
            "unaccepted": _("No passed, signed-off final acceptance for: %(numbers)s."),
            "delivered": _("Already delivered: %(numbers)s."),
            "twice": _("Delivered on another row too: %(numbers)s."),
        }
        for problem, message in messages.items():
            if problems[problem]:
                row.error("serial_numbers", message % {
                    "code": enterprise.code, "numbers": ", ".join(problems[problem][:20])})
        if problems["early"]:
            row.error("date", _("The delivery date is before the final acceptance of: "
                                "%(numbers)s.") % {"numbers": ", ".join(problems["early"][:20])})
        self.chosen[row.number] = chosen

    def build(self, row: Row) -> list[SerialUnit]:
        return self.chosen[row.number]

    def write_row(self, actor: User, row: Row) -> Outcome:
        v = row.values
        services.create_delivery(actor, document_number=v["document_number"],
                                 enterprise=v["enterprise"], recipient=v["recipient"],
                                 date=v["date"], serials=row.item, note=v.get("note") or "")
        return Outcome.CREATED


IMPORTERS: dict[str, type[Importer]] = {
    PlanItemImporter.name: PlanItemImporter,
    DeliveryImporter.name: DeliveryImporter,
}
