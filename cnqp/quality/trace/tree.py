"""The trace drawn as a tree (rows with a depth, in pre-order) and exported as XLSX.

A node reached along two paths (a material lot used in two components of one rifle) is shown
under each, but its own branch is expanded only the first time; later rows say "shown above".
So the tree has at most one row per link, and a cycle in bad data ends instead of recursing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from cnqp.core.records.export import sheet_cells, xlsx_bytes
from cnqp.core.text import format_date
from cnqp.production.choices import InspectionResult, InspectionStage, NodeKind
from cnqp.quality.trace.build import Trace, TraceItem, TraceLink

MAX_ROWS = 3000


@dataclass(frozen=True)
class TreeRow:
    depth: int
    item: TraceItem
    link: TraceLink | None  # how it was reached from the row's parent (None: the start)
    repeated: bool  # its branch is shown at its first appearance


def tree_rows(trace: Trace, limit: int = MAX_ROWS) -> tuple[list[TreeRow], bool]:
    """The rows, and whether the tree was cut at `limit` rows."""
    children = trace.children()
    rows: list[TreeRow] = []
    expanded: set[int] = set()
    stack: list[tuple[int, int, TraceLink | None]] = [(trace.start.node_id, 0, None)]
    while stack:
        if len(rows) >= limit:
            return rows, True
        node, depth, link = stack.pop()
        repeated = node in expanded
        rows.append(TreeRow(depth, trace.items[node], link, repeated))
        if repeated:
            continue
        expanded.add(node)
        for child_link in reversed(children.get(node, [])):
            stack.append((child_link.child, depth + 1, child_link))
    return rows, False


def _inspections_text(item: TraceItem) -> str:
    parts = []
    for inspection in item.inspections:
        stage = str(InspectionStage(inspection.stage).label)
        result = str(InspectionResult(inspection.result).label)
        signed = _(", signed off") if inspection.signed_off else ""
        parts.append(f"{format_date(inspection.date)} {stage}: {result}{signed}")
    return "; ".join(parts)


def trace_xlsx(trace: Trace) -> bytes:
    """The trace as a workbook: one sheet with the tree (depth, item, how reached,
    inspections, revision) and, forward, one with the recall set (serial → unit)."""
    rows, _cut = tree_rows(trace, limit=1_000_000)
    headers = [_("Level"), _("Kind"), _("Item"), _("Product type"), _("Enterprise"),
               _("Design revision"), _("Date"), _("Reached through"), _("Quantity"),
               _("Operation step"), _("Inspections"), _("Classification")]
    table = []
    for row in rows:
        item, link = row.item, row.link
        how = "" if link is None else (_("items outside your view") if link.indirect
                                       else _("direct"))
        table.append([row.depth, str(NodeKind(item.kind).label), item.label,
                      item.product_type_code, item.enterprise_code, item.revision_label,
                      item.date, how + (_(" (shown above)") if row.repeated else ""),
                      link.quantity if link is not None else None,
                      link.operation_step if link is not None else "",
                      _inspections_text(item), item.classification])
    book = xlsx_bytes(_("Trace"), headers, table)
    if trace.direction != "forward":
        return book
    return _with_recall_sheet(book, trace)


def _with_recall_sheet(book: bytes, trace: Trace) -> bytes:
    import io

    from openpyxl import load_workbook
    from openpyxl.styles import Font

    workbook = load_workbook(io.BytesIO(book))
    sheet = workbook.create_sheet(_("Recall set")[:31])
    sheet.append([_("Serial unit"), _("Product type"), _("Enterprise"), _("Receiving unit"),
                  _("Delivered on")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for serial in trace.serials:
        lines: list[Any] = list(trace.deliveries.get(serial.node_id, [])) or [None]
        for line in lines:
            sheet.append(sheet_cells(sheet, [
                serial.label, serial.product_type_code, serial.enterprise_code,
                f"{line.unit_code} {line.unit_name}" if line else "",
                line.date if line else None]))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
