"""The large demo (`seed_demo --scale large`, PostgreSQL): years of production of every
producer, in layers, loaded with COPY (`cnqp.core.imports.bulk.loading`) in minutes:

    material lots ──4──▶ component lots ──3──▶ sub-assembly serials ──2──▶ final serials
          └─────────────────2──────────────────────▶ ┘   (+2 component lots, +1 material lot)

Each producer's items are spread over 2019 to today in the order they were made; an item
consumes inputs made shortly before it, at its own enterprise, as a factory does: a material
lot feeds about a hundred items, a component lot about ten, a sub-assembly exactly one final
serial. Every item is inspected (incoming, in-process, final acceptance; a few fail first and
pass on re-inspection), final acceptances are signed off, and most final serials are
delivered to user units. About 8% of the items are classified Mật.

With the default sizes: 4.7 million items, 22 million genealogy edges, 6 million inspections
with their measurements, a million delivery lines. Deterministic for a given seed. Not audited
row by row (it is generated data, like the benchmark's users); one audit entry records it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from cnqp.core import audit
from cnqp.core.choices import AuditAction, OrgUnitKind
from cnqp.core.figures import rollups
from cnqp.core.imports.bulk.loading import copy_lines, copy_rows, indexes_set_aside, reserve_ids
from cnqp.core.models import OrgUnit
from cnqp.core.site.demo import DemoContext
from cnqp.core.text import fold
from cnqp.documents.choices import DocumentKind, RevisionStatus
from cnqp.documents.models import Revision
from cnqp.production import services
from cnqp.production.choices import InspectionStage
from cnqp.production.models import InspectionTemplate
from cnqp.production.rollups import DELIVERIES, INSPECTIONS, OUTPUT

TABLES = ("production_tracenode", "production_materiallot", "production_lot",
          "production_serialunit", "production_genealogyedge", "production_inspection",
          "production_measurement", "production_delivery", "production_deliveryline")
START = dt.date(2019, 1, 1)
CLASSIFIED_PER_100 = 8


@dataclass(frozen=True)
class Sizes:
    material_lots: int = 100_000
    component_lots: int = 1_000_000
    final_serials: int = 1_200_000  # each made from two sub-assemblies

    @property
    def sub_serials(self) -> int:
        return 2 * self.final_serials


@dataclass
class Producer:
    """One producer's share of each layer, where its ids start, and what it builds to."""

    unit: OrgUnit
    types: list[tuple[int, int, str]]  # (product type id, issued design revision id, code)
    inspector_id: int
    materials: int
    lots: int
    finals: int
    node_base: int = 0  # its first node id: materials, then lots, then subs, then finals
    material_base: int = 0
    lot_base: int = 0
    serial_base: int = 0  # subs, then finals

    @property
    def subs(self) -> int:
        return 2 * self.finals

    @property
    def items(self) -> int:
        return self.materials + self.lots + self.subs + self.finals

    def material_node(self, i: int) -> int:
        return self.node_base + i

    def lot_node(self, i: int) -> int:
        return self.node_base + self.materials + i

    def sub_node(self, i: int) -> int:
        return self.node_base + self.materials + self.lots + i

    def final_node(self, i: int) -> int:
        return self.node_base + self.materials + self.lots + self.subs + i


def _day(index: int, count: int, days: int) -> dt.date:
    """The day the index-th of `count` items (in the order made) was made."""
    return START + dt.timedelta(days=index * days // max(count, 1))


def _level(node_id: int) -> int:
    return 1 if (node_id * 2654435761) % 100 < CLASSIFIED_PER_100 else 0


WINDOW = 17  # inputs are chosen among the 17 made last (a prime: every stride is distinct)


def _near(rng: random.Random, fraction: float, count: int, k: int) -> list[int]:
    """`k` distinct indices of a `count`-long layer, among those made at about `fraction` of
    the time or a little before: a random start and stride in the window, so no draw
    repeats (cheaper than `sample` in a loop run twenty million times)."""
    centre = min(count - 1, int(fraction * count))
    low = max(0, centre - WINDOW + 1)
    if centre - low + 1 < WINDOW:  # the first items of a layer: a short window
        high = min(count - 1, max(centre, low + k - 1))
        return rng.sample(range(low, high + 1), min(k, high + 1 - low))
    draw = rng.getrandbits(16)
    start, stride = draw % WINDOW, 1 + (draw >> 8) % (WINDOW - 1)
    return [low + (start + j * stride) % WINDOW for j in range(k)]


class LargeDemo:
    def __init__(self, ctx: DemoContext, sizes: Sizes) -> None:
        self.rng_seed = ctx.rng.randint(0, 2**31)
        self.sizes = sizes
        self.today = timezone.localdate()
        self.days = (self.today - dt.timedelta(days=30) - START).days
        self.now = timezone.now().isoformat()
        self.representative = ctx.users["khdt"].pk
        self.admin = ctx.users["admin"]
        self.recipients = list(OrgUnit.objects.filter(kind=OrgUnitKind.USER_UNIT)
                               .order_by("code").values_list("pk", flat=True))
        self.producers = self._producers(ctx)
        self.templates = self._templates()

    # --- reference data -----------------------------------------------------------------------

    def _producers(self, ctx: DemoContext) -> list[Producer]:
        revisions = (Revision.objects.filter(
            status__in=(RevisionStatus.ISSUED, RevisionStatus.SUPERSEDED),
            document_set__kind=DocumentKind.DESIGN)
            .order_by("document_set__product_type__code", "-number")
            .values_list("document_set__product_type_id", "pk",
                         "document_set__product_type__code"))
        latest: dict[int, tuple[int, int, str]] = {}
        for type_id, revision_id, code in revisions:
            latest.setdefault(type_id, (type_id, revision_id, code))
        units = (OrgUnit.objects.filter(kind__in=(OrgUnitKind.ENTERPRISE,
                                                  OrgUnitKind.INSTITUTE),
                                        product_types__isnull=False)
                 .distinct().order_by("code").prefetch_related("product_types"))
        chosen = [(u, [latest[t.pk] for t in u.product_types.all() if t.pk in latest])
                  for u in units]
        chosen = [(u, types) for u, types in chosen if types]
        n = len(chosen)
        producers = []
        for index, (unit, types) in enumerate(chosen):
            def share(total: int, i: int = index) -> int:
                return total // n + (1 if i < total % n else 0)
            inspector = ctx.users.get(unit.code.lower(), self.admin)
            producers.append(Producer(unit, types, inspector.pk,
                                      share(self.sizes.material_lots),
                                      share(self.sizes.component_lots),
                                      share(self.sizes.final_serials)))
        return producers

    def _templates(self) -> dict[str, tuple[int, int]]:
        """Three templates of one characteristic (0 to 100): (template id, characteristic
        id) by stage; written through the services like any reference data."""
        author = self.admin
        out: dict[str, tuple[int, int]] = {}
        for stage, code, name in (
                (InspectionStage.INCOMING, "KT-VT-LON", "Kiểm tra vật tư đầu vào (lô lớn)"),
                (InspectionStage.IN_PROCESS, "KT-CD-LON", "Kiểm tra công đoạn (sản xuất loạt)"),
                (InspectionStage.FINAL_ACCEPTANCE, "NT-LON", "Nghiệm thu xuất xưởng (loạt)")):
            template = InspectionTemplate.objects.filter(code=code).first()
            if template is None:
                template = services.create_template(author, code=code, name=name, stage=stage)
                services.create_characteristic(
                    author, template=template, name="Chỉ số chất lượng tổng hợp", unit="điểm",
                    lower_limit=Decimal(0), upper_limit=Decimal(100), position=1)
            characteristic = template.characteristics.get()
            out[stage] = (template.pk, characteristic.pk)
        return out

    # --- the load ----------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        items = sum(p.items for p in self.producers)
        node = reserve_ids("production_tracenode", items)
        material = reserve_ids("production_materiallot", self.sizes.material_lots)
        lot = reserve_ids("production_lot", self.sizes.component_lots)
        serial = reserve_ids("production_serialunit", 3 * self.sizes.final_serials)
        for p in self.producers:
            p.node_base, p.material_base, p.lot_base, p.serial_base = node, material, lot, serial
            node += p.items
            material += p.materials
            lot += p.lots
            serial += p.subs + p.finals
        counts: dict[str, int] = {}
        with indexes_set_aside(TABLES):
            counts["nodes"] = copy_lines("production_tracenode", (
                "id", "kind", "enterprise_id", "classification"), self._nodes())
            counts["material_lots"] = copy_rows("production_materiallot", (
                "id", "created_at", "updated_at", "search_text", "code", "supplier",
                "material_name", "quantity", "unit_of_measure", "received_date",
                "certificate_number", "classification", "enterprise_id", "node_id"),
                self._materials())
            counts["lots"] = copy_rows("production_lot", (
                "id", "created_at", "updated_at", "search_text", "made_date", "classification",
                "lot_number", "quantity", "enterprise_id", "product_type_id", "revision_id",
                "node_id"), self._lots())
            counts["serials"] = copy_rows("production_serialunit", (
                "id", "created_at", "updated_at", "search_text", "made_date", "classification",
                "serial_number", "enterprise_id", "product_type_id", "revision_id",
                "node_id"), self._serials())
            edge = reserve_ids("production_genealogyedge", self._edge_count())
            counts["edges"] = copy_lines("production_genealogyedge", (
                "id", "input_node_id", "output_node_id", "quantity", "operation_step", "at",
                "operator_id", "classification"), self._edges(edge))
            counts["inspections"], counts["measurements"] = self._inspect()
            counts["deliveries"], counts["delivery_lines"] = self._deliver()
        # loaded beside the services: the report figures' rollups counted once, at the end
        counts["output_days"] = rollups.rebuild(OUTPUT)
        counts["inspection_days"] = rollups.rebuild(INSPECTIONS)
        counts["delivery_days"] = rollups.rebuild(DELIVERIES)
        audit.record(AuditAction.CREATE, actor=None, object_type="production.demo",
                     object_repr="Dữ liệu minh họa quy mô lớn",
                     changes={"large_demo": [None, counts]})
        return counts

    def _nodes(self) -> Iterator[str]:
        for p in self.producers:
            unit = p.unit.pk
            for kind, count in (("material_lot", p.materials), ("lot", p.lots),
                                ("serial", p.subs + p.finals)):
                first = p.node_base + (0 if kind == "material_lot" else
                                       p.materials if kind == "lot" else p.materials + p.lots)
                for node in range(first, first + count):
                    yield f"{node}\t{kind}\t{unit}\t{_level(node)}\n"

    def _materials(self) -> Iterator[tuple[object, ...]]:
        suppliers = (("Công ty Gang thép Thái Nguyên", "Thép hợp kim 30XГCA", "kg"),
                     ("Tổng công ty Hóa chất mỏ", "Thuốc phóng NC", "kg"),
                     ("Công ty Đồng Việt Nam", "Đồng thau L68", "kg"),
                     ("Nhà máy Z121", "Hạt lửa", "cái"))
        for p in self.producers:
            for i in range(p.materials):
                supplier, name, uom = suppliers[i % len(suppliers)]
                code = f"VT-{p.unit.code}-{i + 1:06d}"
                day = _day(i, p.materials, self.days)
                node = p.material_node(i)
                certificate = f"CQ-{i + 1:06d}"
                # MaterialLot.search_fields, as build_search_text folds them
                search = fold(f"{code} {name} {supplier} {certificate}")
                yield (p.material_base + i, self.now, self.now, search, code, supplier,
                       name, 200 + i % 4800, uom, day, certificate, _level(node),
                       p.unit.pk, node)

    def _lots(self) -> Iterator[tuple[object, ...]]:
        for p in self.producers:
            for i in range(p.lots):
                type_id, revision_id, _code = p.types[i % len(p.types)]
                number = f"{p.unit.code}-L{i + 1:07d}"
                node = p.lot_node(i)
                yield (p.lot_base + i, self.now, self.now, number.lower(),
                       _day(i, p.lots, self.days) + dt.timedelta(days=2), _level(node),
                       number, 500 + (i % 20) * 100, p.unit.pk, type_id, revision_id, node)

    def _serials(self) -> Iterator[tuple[object, ...]]:
        for p in self.producers:
            for i in range(p.subs + p.finals):
                final = i >= p.subs
                index = i - p.subs if final else i
                count = p.finals if final else p.subs
                type_id, revision_id, code = p.types[(index + (7 if final else 0))
                                                     % len(p.types)]
                number = (f"{code}-{p.unit.code}-{'C' if final else 'B'}{index + 1:07d}")
                node = p.node_base + p.materials + p.lots + i
                made = _day(index, count, self.days) + dt.timedelta(days=6 if final else 4)
                yield (p.serial_base + i, self.now, self.now, number.lower(), made,
                       _level(node), number, p.unit.pk, type_id, revision_id, node)

    def _edge_count(self) -> int:
        return sum(4 * p.lots + 5 * p.subs + 5 * p.finals for p in self.producers)

    def _edges(self, first_id: int) -> Iterator[str]:
        edge_id = first_id
        for p in self.producers:
            for output, at, step, inputs in self._consumptions(p):
                level = _level(output)
                tail = f"\t{step}\t{at}\t{p.inspector_id}\t"
                for node, quantity in inputs:
                    yield (f"{edge_id}\t{node}\t{output}\t{quantity}{tail}"
                           f"{max(level, _level(node))}\n")
                    edge_id += 1

    def _consumptions(self, p: Producer
                      ) -> Iterator[tuple[int, str, str, list[tuple[int, str]]]]:
        """(output, time, step, [(input, quantity)]) of every consumption at `p`, inputs
        chosen among those made a little before."""
        rng = random.Random(self.rng_seed + p.unit.pk)
        for i in range(p.lots):
            f = i / p.lots
            yield (p.lot_node(i), f"{_day(i, p.lots, self.days)} 08:00:00+07",
                   "Đúc, gia công chi tiết",
                   [(p.material_node(m), "1.5") for m in _near(rng, f, p.materials, 4)])
        for i in range(p.subs):
            f = i / p.subs
            yield (p.sub_node(i), f"{_day(i, p.subs, self.days)} 10:00:00+07", "Lắp ráp cụm",
                   [(p.lot_node(n), "1") for n in _near(rng, f, p.lots, 3)]
                   + [(p.material_node(m), "0.5") for m in _near(rng, f, p.materials, 2)])
        for i in range(p.finals):  # two sub-assemblies each, each consumed once
            f = i / p.finals
            day = _day(i, p.finals, self.days) + dt.timedelta(days=6)
            yield (p.final_node(i), f"{day} 14:00:00+07", "Tổng lắp",
                   [(p.sub_node(2 * i), "1"), (p.sub_node(2 * i + 1), "1")]
                   + [(p.lot_node(n), "2") for n in _near(rng, f, p.lots, 2)]
                   + [(p.material_node(m), "0.2") for m in _near(rng, f, p.materials, 1)])

    # --- inspections and deliveries ----------------------------------------------------------

    def _inspection_plan(self) -> Iterator[tuple[int, str, dt.date, bool, str]]:
        """(node, stage, date, passed, step) of every inspection, in id order: incoming per
        material lot, in-process per lot, sub-assembly and final serial, final acceptance per
        final serial; one in twenty incoming and one in thirty finals fail first and pass
        three days later."""
        incoming, in_process, final = (InspectionStage.INCOMING, InspectionStage.IN_PROCESS,
                                       InspectionStage.FINAL_ACCEPTANCE)
        for p in self.producers:
            for i in range(p.materials):
                day = _day(i, p.materials, self.days)
                if i % 20 == 7:
                    yield p.material_node(i), incoming, day, False, ""
                    day += dt.timedelta(days=3)
                yield p.material_node(i), incoming, day, True, ""
            for i in range(p.lots):
                yield (p.lot_node(i), in_process, _day(i, p.lots, self.days)
                       + dt.timedelta(days=2), True, "Kiểm tra kích thước chi tiết")
            for i in range(p.subs):
                yield (p.sub_node(i), in_process, _day(i, p.subs, self.days)
                       + dt.timedelta(days=4), True, "Kiểm tra cụm sau lắp ráp")
            for i in range(p.finals):
                day = _day(i, p.finals, self.days) + dt.timedelta(days=6)
                yield p.final_node(i), in_process, day, True, "Kiểm tra tổng lắp"
                day += dt.timedelta(days=2)
                if i % 30 == 11:
                    yield p.final_node(i), final, day, False, ""
                    day += dt.timedelta(days=3)
                yield p.final_node(i), final, day, True, ""

    def _inspect(self) -> tuple[int, int]:
        plan = list(self._inspection_plan())
        first = reserve_ids("production_inspection", len(plan))
        first_measurement = reserve_ids("production_measurement", len(plan))
        inspector = {p.unit.pk: p.inspector_id for p in self.producers}
        owner = {}  # node → producer unit, by node ranges
        for p in self.producers:
            owner[p.node_base] = p.unit.pk
        bases = sorted(owner)

        def unit_of(node: int) -> int:
            from bisect import bisect_right

            return owner[bases[bisect_right(bases, node) - 1]]

        def inspections() -> Iterator[str]:
            stamp = f"{self.now}\t{self.now}"
            for offset, (node, stage, day, passed, step) in enumerate(plan):
                signed = stage == InspectionStage.FINAL_ACCEPTANCE and passed
                signature = (f"{day + dt.timedelta(days=1)} 09:00:00+07" if signed else "\\N")
                representative = self.representative if signed else "\\N"
                unit = unit_of(node)
                yield (f"{first + offset}\t{stamp}\t{stage}\t{step}\t{day}\t"
                       f"{'passed' if passed else 'failed'}\t{signature}\t\t"
                       f"{inspector[unit]}\t{representative}\t"
                       f"{self.templates[stage][0]}\t{node}\t{unit}\t{_level(node)}\n")

        def measurements() -> Iterator[str]:
            for offset, (_node, stage, _day, passed, _step) in enumerate(plan):
                value = 40 + offset % 55 if passed else 130
                yield (f"{first_measurement + offset}\t{value}\t{'t' if passed else 'f'}\t"
                       f"{self.templates[stage][1]}\t{first + offset}\n")

        count = copy_lines("production_inspection", (
            "id", "created_at", "updated_at", "stage", "operation_step", "date", "result",
            "signed_off_at", "note", "inspector_id", "signed_off_by_id", "template_id",
            "target_id", "enterprise_id", "classification"), inspections())
        measured = copy_lines("production_measurement", (
            "id", "value", "within_limits", "characteristic_id", "inspection_id"),
            measurements())
        return count, measured

    def _deliver(self) -> tuple[int, int]:
        """Final serials in batches of fifty, four batches in five delivered (round the user
        units), twenty days after the batch's last unit was made."""
        batches = []
        rng = random.Random(self.rng_seed)
        for p in self.producers:
            for start in range(0, p.finals, 50):
                if rng.random() < 0.2:
                    continue
                end = min(start + 50, p.finals)
                day = min(_day(end - 1, p.finals, self.days) + dt.timedelta(days=30),
                          self.today)
                batches.append((p, start, end, day))
        first = reserve_ids("production_delivery", len(batches))
        deliveries = copy_rows("production_delivery", (
            "id", "created_at", "updated_at", "search_text", "document_number", "date", "note",
            "enterprise_id", "recipient_id"),
            ((first + n, self.now, self.now, f"{n + 1:05d}/bbgn-{p.unit.code.lower()}",
              f"{n + 1:05d}/BBGN-{p.unit.code}", day, "", p.unit.pk,
              self.recipients[n % len(self.recipients)])
             for n, (p, _s, _e, day) in enumerate(batches)))
        line_count = sum(end - start for _p, start, end, _d in batches)
        first_line = reserve_ids("production_deliveryline", line_count)

        def lines() -> Iterator[tuple[object, ...]]:
            line = first_line
            for n, (p, start, end, _day) in enumerate(batches):
                for i in range(start, end):
                    yield line, first + n, p.serial_base + p.subs + i
                    line += 1

        return deliveries, copy_rows("production_deliveryline",
                                     ("id", "delivery_id", "serial_id"), lines())


def vacuum() -> None:
    """VACUUM (ANALYZE) the loaded tables: outside any transaction (autocommit)."""
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(TABLES)}")


def seed_large(ctx: DemoContext, sizes: Sizes | None = None) -> dict[str, int]:
    if connection.vendor != "postgresql":
        raise CommandError("The large demo is built on PostgreSQL (set DATABASE_URL to a "
                           "postgres:// database); SQLite keeps the small one.")
    return LargeDemo(ctx, sizes or Sizes()).run()
