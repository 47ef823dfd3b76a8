"""Demo production: the plans of Z111, Z113 and Z183 from 2023 to this year, for product types
of their catalogue that have an issued design set, run through the services as a small factory
would:
material lots with their incoming inspection, lots and serials under the items, genealogy at
consumption, final acceptance (a few failing first), sign-off by the acceptance
representative (KHDT), completion (some late), and deliveries to user units, SD304 first.

An item whose enterprise holds no right to the design set in its year stays planned: the
board shows the refusal. Dates never pass today; every draw comes from the demo's seeded rng.

2023 (REPORTED_YEAR) is article 002's: "hoàn thành sản xuất, sửa chữa 91/91 chủng loại sản
phẩm quốc phòng từ các nguồn ngân sách bảo đảm đúng tiến độ, chất lượng". Every defence type
is planned that year, funded from the budget: the factories plan those of theirs they hold the
right to, and each other type goes to the first of its producers (by code) holding the right
(_programme; the documents demo grants one where none did), in one lot or one or two units,
under a repair item for the repair categories. All of it is on time and accepted at the first
try; the later years keep the factories' story (late, failing and refused items).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils import timezone

from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext
from cnqp.documents.choices import (
    DocumentKind,
    ProductGroup,
    Purpose,
    RevisionStatus,
    RightStatus,
)
from cnqp.documents.demo import CATEGORIES, REPORTED_WORK, REPORTED_YEAR
from cnqp.documents.models import ProductType, Revision, UsageRight
from cnqp.documents.selectors import can_produce
from cnqp.production import services
from cnqp.production.choices import FundingSource, InspectionStage, PlanItemKind
from cnqp.production.models import (
    Characteristic,
    InspectionTemplate,
    MaterialLot,
    PlanItem,
    ProductionPlan,
    TraceNode,
)

ORDER = 30

ENTERPRISES = ("Z111", "Z113", "Z183")
FIRST_YEAR = 2023


# The year the articles close with "hoàn thành sản xuất, sửa chữa 91/91 chủng loại sản phẩm
# quốc phòng": the documents demo gives every defence type a design set and a producer's right
# for it; its work starts on WORK_STARTS.
WORK_STARTS = REPORTED_WORK[0]


def _years() -> range:
    """2023 to the current year: this year's plan is under way (items in progress, some
    done), so the home page's "this year" has production to show."""
    return range(FIRST_YEAR, timezone.localdate().year + 1)
TYPES_PER_ENTERPRISE = 4
LOT_CATEGORIES = {"DAN", "DPH", "DCO", "LDM", "TNP"}  # counted by the lot, not the unit
RECIPIENTS = ("SD304", "SD308", "SD312", "LD164", "K825")
SUPPLIERS = (("Công ty Gang thép Thái Nguyên", "Thép hợp kim 30XГCA", "kg"),
             ("Tổng công ty Hóa chất mỏ", "Thuốc phóng NC", "kg"),
             ("Công ty Đồng Việt Nam", "Đồng thau L68", "kg"),
             ("Nhà máy Z121", "Hạt lửa", "cái"))


def _issued_types(unit: OrgUnit) -> list[tuple[ProductType, Revision]]:
    """Product types the enterprise produces with a design revision issued by 2023."""
    revisions = (Revision.objects.filter(
        status__in=(RevisionStatus.ISSUED, RevisionStatus.SUPERSEDED),
        document_set__kind=DocumentKind.DESIGN, issue_date__lte=dt.date(2023, 1, 31),
        document_set__product_type__producers=unit)
        .select_related("document_set__product_type").order_by(
            "document_set__product_type__code", "-number"))
    chosen: dict[str, tuple[ProductType, Revision]] = {}
    for revision in revisions:
        product_type = revision.document_set.product_type
        chosen.setdefault(product_type.code, (product_type, revision))
    return list(chosen.values())[:TYPES_PER_ENTERPRISE]


def _start_date(unit: OrgUnit, product_type: ProductType, year: int) -> dt.date | None:
    """The first day of the year's work (from February) the enterprise may produce on."""
    first = (UsageRight.objects.filter(
        enterprise=unit, purpose=Purpose.PRODUCTION, status=RightStatus.ACTIVE,
        document_set__product_type=product_type, document_set__kind=DocumentKind.DESIGN,
        valid_from__lte=dt.date(year, 10, 1))
        .aggregate(first=Min("valid_from"))["first"])
    day = max(dt.date(year, 2, 1), first) if first else dt.date(year, 2, 1)
    return day if day <= timezone.localdate() else None


class _Factory:
    """One demo enterprise at work."""

    def __init__(self, ctx: DemoContext, code: str, templates: dict[str, InspectionTemplate],
                 limits: dict[int, list[Characteristic]]) -> None:
        self.rng: random.Random = ctx.rng
        self.unit = ctx.units[code]
        self.inspector: User = ctx.users.get(code.lower()) or ctx.users["admin"]
        self.representative: User = ctx.users["khdt"]
        self.templates, self.limits = templates, limits
        self.accepted_serials: list = []

    def values(self, template: InspectionTemplate, good: bool) -> dict[int, Decimal | None]:
        out: dict[int, Decimal | None] = {}
        for c in self.limits[template.pk]:
            low, high = c.lower_limit or Decimal(0), c.upper_limit or (c.lower_limit or 0) * 2
            span = Decimal(high) - Decimal(low)
            out[c.pk] = (Decimal(low) + span * Decimal(self.rng.randint(10, 90)) / 100
                         if good else Decimal(high) + span / 4 + 1)
        return out

    def inspect(self, node: TraceNode, stage: str, date: dt.date, template_key: str,
                fail_first: bool = False, step: str = "") -> None:
        template = self.templates[template_key]
        if fail_first:
            services.record_inspection(self.inspector, target=node, template=template,
                                       stage=stage, date=date, operation_step=step,
                                       values=self.values(template, good=False))
            date = min(date + dt.timedelta(days=3), timezone.localdate())
        inspection = services.record_inspection(self.inspector, target=node, template=template,
                                                stage=stage, date=date, operation_step=step,
                                                values=self.values(template, good=True))
        if stage == InspectionStage.FINAL_ACCEPTANCE:
            services.sign_off_acceptance(self.representative, inspection)

    def material(self, year: int, index: int) -> TraceNode:
        supplier, name, uom = SUPPLIERS[index % len(SUPPLIERS)]
        received = dt.date(year, 1, 10 + index)
        lot = services.create_material_lot(
            self.inspector, code=f"VT-{self.unit.code}-{year}-{index + 1:02d}",
            enterprise=self.unit, supplier=supplier, material_name=name,
            quantity=Decimal(self.rng.randint(200, 5000)), unit_of_measure=uom,
            received_date=received, certificate_number=f"CQ-{year}{index + 1:03d}")
        self.inspect(lot.node, InspectionStage.INCOMING, received, "incoming",
                     fail_first=self.rng.random() < 0.15)
        return lot.node

    def run_item(self, item: PlanItem, revision: Revision, material: TraceNode,
                 started: dt.date, *, is_lot: bool, late: bool, fail_first: bool) -> None:
        today = timezone.localdate()
        made = min(started + dt.timedelta(days=self.rng.randint(40, 120)), today)
        key = f"final:{item.product_type_id}"
        outputs: list[TraceNode] = []
        if is_lot:
            lot = services.create_lot(
                self.inspector, lot_number=f"{self.unit.code}-{item.plan.year}-{item.pk:04d}",
                product_type=item.product_type, enterprise=self.unit, revision=revision,
                quantity=item.quantity, made_date=made, plan_item=item)
            outputs.append(lot.node)
        else:
            created = list(services.create_serials(
                self.inspector, plan_item=item, revision=revision, made_date=made,
                prefix=f"{item.product_type.code}-{item.plan.year % 100}", count=item.quantity,
                width=4))
            outputs.extend(s.node for s in created)
            self.accepted_serials.extend(created)
        for index, node in enumerate(outputs):
            services.record_consumption(self.inspector, output=node,
                                        inputs=[(material, Decimal("1.5"))],
                                        operation_step="Gia công, lắp ráp",
                                        at=timezone.make_aware(dt.datetime.combine(
                                            made, dt.time(8, 0))))
            self.inspect(node, InspectionStage.FINAL_ACCEPTANCE,
                         min(made + dt.timedelta(days=7), today), key,
                         fail_first=fail_first and index == 0)
        finish = item.due_date + dt.timedelta(days=12) if late else \
            min(made + dt.timedelta(days=10), item.due_date)
        if finish <= today:
            services.complete_plan_item(self.inspector, item, on_date=finish)


def _category(product_type: ProductType) -> str:
    """The demo category of a product type: its code's letters ("DAN07" → "DAN")."""
    return product_type.code.split("-")[0].rstrip("0123456789")


def _templates(ctx: DemoContext, types: list[ProductType]
               ) -> tuple[dict[str, InspectionTemplate], dict[int, list[Characteristic]]]:
    author = ctx.users["khdt"]
    templates: dict[str, InspectionTemplate] = {}

    def make(key: str, code: str, name: str, stage: str, product_type: ProductType | None,
             rows: list[tuple[str, str, str | None, str | None]]) -> None:
        template = services.create_template(author, code=code, name=name, stage=stage,
                                            product_type=product_type)
        for position, (cname, unit, low, high) in enumerate(rows, start=1):
            services.create_characteristic(
                author, template=template, name=cname, unit=unit, position=position,
                lower_limit=Decimal(low) if low else None,
                upper_limit=Decimal(high) if high else None)
        templates[key] = template

    make("incoming", "KT-VT-01", "Kiểm tra chất lượng vật tư đầu vào", InspectionStage.INCOMING,
         None, [("Độ cứng HB", "HB", "229", "269"), ("Hàm lượng C", "%", "0.28", "0.34")])
    make("in_process", "KT-CD-01", "Kiểm tra công đoạn gia công", InspectionStage.IN_PROCESS,
         None, [("Kích thước chuẩn", "mm", "24.95", "25.05")])
    for product_type in types:
        name = product_type.name
        title = (f"Nghiệm thu {name[:1].lower()}{name[1:]}"  # "Nghiệm thu sửa chữa lớn …"
                 if _purpose(product_type) == Purpose.REPAIR else f"Nghiệm thu xuất xưởng {name}")
        make(f"final:{product_type.pk}", f"NT-{product_type.code}", title,
             InspectionStage.FINAL_ACCEPTANCE,
             product_type, [("Kiểm tra ngoại quan (điểm)", "điểm", "8", "10"),
                            ("Sai lệch kích thước", "mm", "-0.05", "0.05"),
                            ("Tầm bắn hiệu quả", "m", "400", None)])
    limits = {t.pk: list(t.characteristics.order_by("position")) for t in templates.values()}
    return templates, limits


def _purpose(product_type: ProductType) -> str:
    category = CATEGORIES.get(_category(product_type))
    return Purpose.REPAIR if category is not None and category.repair else Purpose.PRODUCTION


def _allowed(unit: OrgUnit, product_type: ProductType) -> bool:
    """May the enterprise make (repair) the type from the reported year's first day of work?"""
    return can_produce(unit, product_type, WORK_STARTS, _purpose(product_type)).allowed


def _programme(ctx: DemoContext, covered: set[int]
               ) -> list[tuple[OrgUnit, ProductType, Revision]]:
    """The reported year's other defence types, each with the first of its producers (by
    code) holding the right, and the design revision in force when the work starts."""
    revisions = (Revision.objects.filter(
        status__in=(RevisionStatus.ISSUED, RevisionStatus.SUPERSEDED),
        document_set__kind=DocumentKind.DESIGN, issue_date__lte=WORK_STARTS)
        .order_by("document_set__product_type_id", "-issue_date", "-number"))
    in_force: dict[int, Revision] = {}
    for revision in revisions.select_related("document_set"):
        in_force.setdefault(revision.document_set.product_type_id, revision)
    out = []
    for product_type in (ProductType.objects.filter(group=ProductGroup.DEFENSE)
                         .exclude(pk__in=covered).order_by("code")
                         .prefetch_related("producers")):
        producers = sorted(product_type.producers.all(), key=lambda u: u.code)
        unit = next((u for u in producers if u.code in ctx.units
                     and _allowed(u, product_type)), None)
        if unit is not None and product_type.pk in in_force:
            out.append((unit, product_type, in_force[product_type.pk]))
    return out


def seed(ctx: DemoContext) -> None:
    rng = ctx.rng
    planner = ctx.users["khdt"]
    chosen = {code: _issued_types(ctx.units[code]) for code in ENTERPRISES if code in ctx.units}
    # The reported year: each factory plans the types it holds the right to, the other
    # producers the rest (_programme).
    reported = {code: [(pt, r) for pt, r in pairs if _allowed(ctx.units[code], pt)]
                for code, pairs in chosen.items()}
    programme = _programme(ctx, {pt.pk for pairs in reported.values() for pt, _r in pairs})
    types = sorted({pt.pk: pt for pt in [pt for pairs in chosen.values() for pt, _r in pairs]
                    + [pt for _u, pt, _r in programme]}.values(), key=lambda pt: pt.code)
    templates, limits = _templates(ctx, types)
    for code, pairs in chosen.items():
        factory = _Factory(ctx, code, templates, limits)
        unit = ctx.units[code]
        for year in _years():
            flawless = year == REPORTED_YEAR
            plan = services.create_plan(planner, year=year, enterprise=unit,
                                        note=f"Kế hoạch sản xuất năm {year}")
            materials = [factory.material(year, i) for i in range(2)]
            for index, (product_type, revision) in enumerate(
                    reported[code] if flawless else pairs):
                is_lot = _category(product_type) in LOT_CATEGORIES
                item = services.create_plan_item(
                    planner, plan=plan, product_type=product_type,
                    kind=PlanItemKind.PRODUCTION,
                    quantity=rng.randint(5, 20) * 500 if is_lot else rng.randint(35, 60),
                    due_date=dt.date(year, rng.choice((6, 9, 11)), 28),
                    funding_source=FundingSource.STATE_BUDGET if flawless else rng.choice(
                        (FundingSource.STATE_BUDGET,) * 3
                        + (FundingSource.OWN_FUNDS, FundingSource.OTHER)))
                started = WORK_STARTS if flawless else _start_date(unit, product_type, year)
                if started is None or started > item.due_date:
                    continue
                try:
                    item = services.start_plan_item(factory.inspector, item, on_date=started)
                except ValidationError:
                    continue  # no right to the design set that year: the item stays planned
                factory.run_item(item, revision, materials[index % 2], started, is_lot=is_lot,
                                 late=not flawless and rng.random() < 0.2,
                                 fail_first=not flawless and rng.random() < 0.2)
        _deliver(ctx, factory)
    _run_programme(ctx, programme, templates, limits)
    if ctx.large:
        from cnqp.production.demo_large import seed_large

        seed_large(ctx)


def _run_programme(ctx: DemoContext, programme: list[tuple[OrgUnit, ProductType, Revision]],
                   templates: dict[str, InspectionTemplate],
                   limits: dict[int, list[Characteristic]]) -> None:
    """The reported year's other defence types, in their producers' plans: one lot, or one or
    two units (repaired ones under repair items), made on time and accepted at the first
    try, funded from the budget; what the factories deliver (_deliver) is enough to show."""
    planner, year = ctx.users["khdt"], REPORTED_YEAR
    by_unit: dict[str, list[tuple[ProductType, Revision]]] = {}
    for unit, product_type, revision in programme:
        by_unit.setdefault(unit.code, []).append((product_type, revision))
    for code, pairs in by_unit.items():
        factory = _Factory(ctx, code, templates, limits)
        unit = factory.unit
        plan = (ProductionPlan.objects.filter(year=year, enterprise=unit).first()
                or services.create_plan(planner, year=year, enterprise=unit,
                                        note=f"Kế hoạch sản xuất năm {year}"))
        # after the year's lots of the enterprise, if it is one of the factories
        material = factory.material(year, MaterialLot.objects.filter(
            enterprise=unit, received_date__year=year).count())
        for product_type, revision in pairs:
            is_lot = _category(product_type) in LOT_CATEGORIES
            repair = _purpose(product_type) == Purpose.REPAIR
            item = services.create_plan_item(
                planner, plan=plan, product_type=product_type,
                kind=PlanItemKind.REPAIR if repair else PlanItemKind.PRODUCTION,
                quantity=ctx.rng.randint(2, 10) * 500 if is_lot else ctx.rng.randint(1, 2),
                due_date=dt.date(year, ctx.rng.choice((6, 9, 11)), 28),
                funding_source=FundingSource.STATE_BUDGET)
            item = services.start_plan_item(factory.inspector, item, on_date=WORK_STARTS)
            factory.run_item(item, revision, material, WORK_STARTS, is_lot=is_lot, late=False,
                             fail_first=False)


def after_seed(ctx: DemoContext) -> None:
    """After the large load, committed: VACUUM (ANALYZE) the tables it filled, so that
    index-only scans need no heap visit (the visibility map is set) and the planner knows
    their sizes, without waiting for autovacuum."""
    if ctx.large:
        from cnqp.production.demo_large import vacuum

        vacuum()


def _deliver(ctx: DemoContext, factory: _Factory) -> None:
    """Most accepted serials go out, in deliveries of a few dozen, SD304 first."""
    units = factory.accepted_serials
    today = timezone.localdate()
    for index in range(0, len(units), 25):
        batch = units[index:index + 25]
        if factory.rng.random() < 0.25:
            continue  # still in the enterprise's store
        recipient = ctx.units[RECIPIENTS[(index // 25) % len(RECIPIENTS)]]
        date = min(max(s.made_date for s in batch) + dt.timedelta(days=20), today)
        services.create_delivery(
            factory.inspector, document_number=f"{index // 25 + 1:02d}/BBGN-{factory.unit.code}",
            enterprise=factory.unit, recipient=recipient, date=date, serials=batch)
