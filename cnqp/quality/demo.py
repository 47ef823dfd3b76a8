"""Demo quality over the whole life, on the demo's deliveries, through the services:

- field reports from SD304 (by its own staff) and from other user units (filed for them by the
  directorate), one with a photo;
- triage: most open a non-conformance, one is closed as misuse, two wait in the queue;
- non-conformances at each of the four root-cause stages: design (from SD304's report, fixed by
  a new issued revision of the design documents), technology (from a failed final
  acceptance), material (a review of a steel lot), acceptance (a report the acceptance
  missed), and one still being analysed;
- corrective actions: closed after an effectiveness check, one found ineffective first, some
  overdue;
- one recall: everything made from the faulty steel lot, marked, its user units notified.

Deterministic: every draw comes from the demo's seeded rng; dates never pass today.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cnqp.core.models import OrgUnit, User
from cnqp.core.site.demo import DemoContext
from cnqp.documents import services as documents
from cnqp.documents.choices import DocumentKind, RevisionStatus
from cnqp.documents.models import Revision
from cnqp.production.choices import InspectionResult, InspectionStage, NodeKind
from cnqp.production.models import (
    DeliveryLine,
    GenealogyEdge,
    Inspection,
    MaterialLot,
    SerialUnit,
)
from cnqp.quality import services
from cnqp.quality.choices import NCSource, RootCauseStage, Severity, UsageUnit
from cnqp.quality.models import CorrectiveAction, FieldReport, NonConformance

ORDER = 40

SYMPTOMS = [
    ("Kẹt vỏ đạn ở buồng đạn sau khi bắn liên tục, phải dùng que thông để đẩy ra.",
     Severity.MAJOR, UsageUnit.ROUNDS, (900, 2600)),
    ("Nứt chân ốp lót tay cầm bên trái, vết nứt dài khoảng 12 mm.", Severity.MINOR,
     UsageUnit.ROUNDS, (1500, 4000)),
    ("Điểm chạm lệch phải 18 cm ở cự ly 100 m sau khi tháo lắp bảo dưỡng.", Severity.MAJOR,
     UsageUnit.ROUNDS, (300, 1200)),
    ("Lò xo cò gãy khi huấn luyện bắn đạn thật.", Severity.CRITICAL, UsageUnit.ROUNDS,
     (2000, 5000)),
    ("Rỉ sét bề mặt nòng sau 6 tháng niêm cất tại kho.", Severity.MINOR, UsageUnit.HOURS,
     (0, 40)),
    ("Chốt an toàn không giữ được vị trí khóa.", Severity.CRITICAL, UsageUnit.CYCLES,
     (150, 600)),
    ("Vỏ đạn nứt dọc thân khi bắn, xuất hiện trong nhiều hộp của cùng một lô.", Severity.MAJOR,
     UsageUnit.ROUNDS, (50, 400)),
    ("Ngòi nổ không kích hoạt khi bắn thử tại trường bắn.", Severity.CRITICAL,
     UsageUnit.ROUNDS, (1, 20)),
]


def demo_photo(width: int = 160, height: int = 120) -> bytes:
    """A small PNG drawn here (the demo has no camera): grey metal with a dark crack."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            crack = abs(y - (height // 2 + (x - width // 2) // 3)) < 2 and 30 < x < 130
            shade = 60 if crack else 150 + (x * 7 + y * 3) % 40
            row += bytes((shade, shade, shade + (0 if crack else 8)))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


def _delivered(recipient: OrgUnit) -> list[tuple[SerialUnit, dt.date]]:
    """The serials delivered to a unit, with their delivery date, oldest first."""
    lines = (DeliveryLine.objects.filter(delivery__recipient=recipient)
             .select_related("serial__product_type", "serial__enterprise", "delivery")
             .order_by("delivery__date", "serial__serial_number"))
    return [(line.serial, line.delivery.date) for line in lines]


class _Reporter:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx, self.rng, self.today = ctx, ctx.rng, timezone.localdate()
        self.symptom = 0

    def file(self, actor: User, unit: OrgUnit, picks: list[tuple[SerialUnit, dt.date]],
             photo: bool = False) -> FieldReport:
        serials = [s for s, _d in picks]
        delivered = max(d for _s, d in picks)
        text, severity, usage_unit, (low, high) = SYMPTOMS[self.symptom % len(SYMPTOMS)]
        self.symptom += 1
        occurred = min(delivered + dt.timedelta(days=self.rng.randint(60, 400)), self.today)
        photos = [SimpleUploadedFile("anh-hu-hong.png", demo_photo(), "image/png")] if photo else []
        return services.file_field_report(
            actor, reporting_unit=unit, product_type=serials[0].product_type, serials=serials,
            symptom=text, occurred_on=occurred, severity=severity, usage_unit=usage_unit,
            usage_value=Decimal(self.rng.randint(low, high)), photos=photos)


def _reports(ctx: DemoContext) -> list[FieldReport]:
    """SD304's own reports first, then the other units' (filed by the directorate). Each unit
    reports on products of a different producer in turn."""
    reporter = _Reporter(ctx)
    out: list[FieldReport] = []
    plan = [("SD304", ctx.users["sd304"], 3), ("SD308", ctx.users["admin"], 2),
            ("SD312", ctx.users["admin"], 1), ("LD164", ctx.users["admin"], 1),
            ("K825", ctx.users["admin"], 1)]
    for turn, (code, actor, count) in enumerate(plan):
        by_group: dict[tuple[str, str], list[tuple[SerialUnit, dt.date]]] = {}
        for serial, date in _delivered(ctx.units[code]):
            key = (serial.enterprise.code, serial.product_type.code)
            by_group.setdefault(key, []).append((serial, date))
        producers = sorted({producer for producer, _type in by_group})
        if not producers:
            continue
        first = producers[turn % len(producers)]
        groups = sorted(by_group.items(), key=lambda kv: (kv[0][0] < first, kv[0]))
        for index, (_key, group) in enumerate(groups[:count]):
            size = min(len(group), reporter.rng.randint(1, 3))
            start = reporter.rng.randint(0, len(group) - size)
            out.append(reporter.file(actor, ctx.units[code], group[start:start + size],
                                     photo=code == "SD304" and index == 0))
    return out


def _triager(ctx: DemoContext, report: FieldReport) -> User:
    """The producer's own staff when the demo has some, else the quality department."""
    return ctx.users.get(report.enterprise.code.lower()) or ctx.users["qlcn"]


def _issue_fix(ctx: DemoContext, nc: NonConformance) -> Revision | None:
    """A new revision of the design documents that removes the cause, issued by decision."""
    sets = (Revision.objects.filter(document_set__product_type=nc.product_type,
                                    document_set__kind=DocumentKind.DESIGN,
                                    status=RevisionStatus.ISSUED)
            .select_related("document_set").order_by("document_set__code"))
    for current in sets:
        if current.document_set.revisions.filter(status__in=(
                RevisionStatus.DRAFT, RevisionStatus.SUBMITTED, RevisionStatus.APPROVED)).exists():
            continue
        fix = documents.create_revision(
            ctx.users["qlcn"], current.document_set,
            reason=f"Khắc phục {nc.code}: tăng bán kính góc lượn khóa nòng R0,5 lên R1,2")
        day = min(max(current.issue_date or nc.detected_on, nc.detected_on)
                  + dt.timedelta(days=45), timezone.localdate())
        documents.submit_revision(ctx.users["qlcn"], fix, on_date=day)
        documents.approve_revision(ctx.users["admin"], fix, on_date=day)
        number = ctx.rng.randint(100, 999)  # never a database id: the demo is reproducible
        return documents.issue_revision(ctx.users["qlcn"], fix,
                                        decision_number=f"{number}/QĐ-TCCNQP", issue_date=day)
    return None


def _action(ctx: DemoContext, nc: NonConformance, title: str, *, owner: User, days: int,
            outcome: str, new_revision: Revision | None = None) -> CorrectiveAction:
    """An action due `days` after detection, taken to `outcome`: planned, in_progress,
    ineffective (checked, found ineffective, back to work) or closed."""
    today = timezone.localdate()
    due = nc.detected_on + dt.timedelta(days=days)
    responsible = (nc.enterprise if owner.org_unit.path.startswith(nc.enterprise.path)
                   else owner.org_unit)
    action = services.create_action(ctx.users["qlcn"], nonconformance=nc, title=title,
                                    owner_unit=responsible, owner=owner, due_date=due,
                                    new_revision=new_revision)
    if outcome == "planned":
        return action
    start = min(nc.detected_on + dt.timedelta(days=7), today)
    services.start_action(owner, action, on_date=start)
    if outcome == "in_progress":
        return action
    done = min(start + dt.timedelta(days=days // 2), today)
    services.implement_action(owner, action, on_date=done)
    checked = min(done + dt.timedelta(days=20), today)
    if outcome == "ineffective":
        return services.check_effectiveness(ctx.users["qlcn"], action, effective=False,
                                            on_date=checked,
                                            note="Bắn kiểm tra 500 phát vẫn xuất hiện lỗi.")
    services.check_effectiveness(ctx.users["qlcn"], action, effective=True, on_date=checked,
                                 note="Bắn kiểm tra 3.000 phát trên 5 khẩu, không tái diễn.")
    return services.close_action(ctx.users["qlcn"], action, on_date=checked)


def _close(ctx: DemoContext, nc: NonConformance) -> None:
    last = max(a.closed_on for a in nc.actions.all() if a.closed_on)
    services.close_nonconformance(ctx.users["qlcn"], nc, on_date=last)


def seed(ctx: DemoContext) -> None:
    if "qlcn" not in ctx.users or not DeliveryLine.objects.exists():
        return
    reports = _reports(ctx)
    qlcn = ctx.users["qlcn"]
    opened: list[NonConformance] = []
    for index, report in enumerate(reports):
        if index == 3:
            services.close_field_report(qlcn, report, reason=(
                "Đơn vị bảo quản sai quy định (để ngoài trời, không lau dầu): không phải lỗi "
                "sản phẩm; đã hướng dẫn lại quy trình bảo quản."))
        elif index < len(reports) - 2:
            opened.append(services.open_nonconformance(_triager(ctx, report), report))
    _stages(ctx, opened)


def _owner(ctx: DemoContext, nc: NonConformance) -> User:
    """The producer's own staff when the demo has some, else the planning department's, which
    follows its producers (the large demo's producers have no demo users; the quality
    department checks the actions, and an owner does not check their own)."""
    return ctx.users.get(nc.enterprise.code.lower()) or ctx.users["khdt"]


def _stages(ctx: DemoContext, opened: list[NonConformance]) -> None:
    qlcn = ctx.users["qlcn"]
    if opened:  # design: SD304's report, fixed by a new issued revision
        design = services.analyse_nonconformance(
            qlcn, opened[0], stage=RootCauseStage.DESIGN,
            root_cause="Bán kính góc lượn tại rãnh khóa nòng quá nhỏ (R0,5) gây tập trung "
                       "ứng suất; thiết kế chưa tính đủ tải khi bắn liên tục.")
        fix = _issue_fix(ctx, design)
        _action(ctx, design, "Sửa đổi bộ TLTK: tăng bán kính góc lượn", owner=_owner(ctx, design),
                days=120, outcome="closed", new_revision=fix)
        _action(ctx, design, "Thay khóa nòng cho các khẩu đã giao", owner=_owner(ctx, design),
                days=150, outcome="closed")
        _close(ctx, design)
    if len(opened) > 1:  # acceptance: the acceptance missed the defect; first fix ineffective
        acceptance = services.analyse_nonconformance(
            qlcn, opened[1], stage=RootCauseStage.ACCEPTANCE,
            root_cause="Quy trình nghiệm thu không có bước kiểm tra lực giữ của chốt an toàn.")
        _action(ctx, acceptance, "Bổ sung bước kiểm tra lực giữ chốt vào quy trình nghiệm thu",
                owner=_owner(ctx, acceptance), days=60, outcome="ineffective")
    if len(opened) > 2:  # still being analysed
        _action(ctx, opened[2], "Khảo sát điều kiện sử dụng tại đơn vị",
                owner=_owner(ctx, opened[2]), days=45, outcome="in_progress")
    _technology(ctx)
    _material(ctx)


def _technology(ctx: DemoContext) -> None:
    """A failed final acceptance in production (of a lot, at another enterprise than the
    rifles' when the demo has one): the heat treatment drifted."""
    staffed = [code.upper() for code in ctx.users]  # where a demo user can own the actions
    failed = (Inspection.objects.filter(stage=InspectionStage.FINAL_ACCEPTANCE,
                                        result=InspectionResult.FAILED,
                                        enterprise__code__in=staffed)
              .exclude(target__kind=NodeKind.MATERIAL_LOT)
              .select_related("target__lot__product_type", "target__lot__revision",
                              "target__serial__product_type", "target__serial__revision",
                              "target__enterprise")
              .order_by("target__kind", "date", "pk").first())  # lots first: "lot" < "serial"
    if failed is None:
        return
    item = failed.target.lot if failed.target.kind == NodeKind.LOT else failed.target.serial
    nc = services.create_nonconformance(
        ctx.users["qlcn"], title="Sai lệch kích thước sau nhiệt luyện", source=NCSource.INSPECTION,
        enterprise=failed.target.enterprise, product_type=item.product_type,
        severity=Severity.MAJOR, detected_on=failed.date, inspection=failed,
        operation_step="Nhiệt luyện, tôi cao tần", revision=item.revision)
    nc = services.analyse_nonconformance(
        ctx.users["qlcn"], nc, stage=RootCauseStage.TECHNOLOGY,
        root_cause="Nhiệt độ lò tôi dao động ±25 °C do cặp nhiệt hỏng; quy trình công nghệ "
                   "không yêu cầu hiệu chuẩn hằng tháng.")
    _action(ctx, nc, "Thay cặp nhiệt, hiệu chuẩn lò tôi", owner=_owner(ctx, nc), days=30,
            outcome="closed")
    _action(ctx, nc, "Sửa quy trình công nghệ: hiệu chuẩn lò hằng tháng", owner=_owner(ctx, nc),
            days=90, outcome="closed")
    _close(ctx, nc)


def _material(ctx: DemoContext) -> None:
    """A review finds a steel lot below hardness: actions overdue, and a recall of everything
    made from it."""
    # preferably one that went into serials the demo's user unit (sd304) received, so that
    # its login shows the notice, the marks and the red banner on the serial's page
    into_held = GenealogyEdge.objects.filter(
        output_node__serial__delivery_lines__delivery__recipient__code="SD304")
    held = MaterialLot.objects.filter(node__in=into_held.values("input_node"))
    made_serials = MaterialLot.objects.filter(
        node__edges_out__output_node__kind=NodeKind.SERIAL).distinct()
    lots = list((held if held.exists() else made_serials)
                .select_related("enterprise").order_by("received_date", "code"))
    lots = [lot for lot in lots if "thép" in lot.material_name.lower()] or lots
    if not lots:
        return
    steel = lots[ctx.rng.randrange(len(lots))]
    made: Any = (SerialUnit.objects.filter(node__edges_in__input_node=steel.node)
                 .select_related("product_type", "revision").first())
    if made is None:
        return
    detected = min(steel.received_date + dt.timedelta(days=300), timezone.localdate())
    nc = services.create_nonconformance(
        ctx.users["qlcn"], title=f"Lô vật tư {steel.code} không đạt độ cứng",
        source=NCSource.REVIEW, enterprise=steel.enterprise, product_type=made.product_type,
        severity=Severity.CRITICAL, detected_on=detected, material_lot=steel,
        description="Kiểm tra lại mẫu lưu: độ cứng 205 HB, dưới giới hạn 229 HB.")
    nc = services.analyse_nonconformance(
        ctx.users["qlcn"], nc, stage=RootCauseStage.MATERIAL,
        root_cause="Nhà cung cấp giao sai mác thép; chứng chỉ chất lượng không khớp mẫu thử.")
    owner = _owner(ctx, nc)
    _action(ctx, nc, "Bổ sung thử độ cứng 100% lô vật tư đầu vào", owner=owner, days=60,
            outcome="in_progress")
    _action(ctx, nc, "Đánh giá lại nhà cung cấp thép", owner=owner, days=90, outcome="planned")
    services.issue_recall(ctx.users["qlcn"], start_node=steel.node, nonconformance=nc,
                          reason=f"Thu hồi toàn bộ sản phẩm chế tạo từ lô thép {steel.code} "
                                 "không đạt độ cứng (nguy cơ nứt khóa nòng).")
