"""The periodic reports' section on legal work (công tác pháp chế, xây dựng văn bản quy phạm
pháp luật), in the articles' phrasing:

- "Trong năm 2021, đã triển khai xây dựng 02 Thông tư về “Quyền sử dụng tài liệu thiết kế các
  sản phẩm quốc phòng” và “Quản lý tài liệu công nghệ”" (the drafts started, by kind, counts
  on two digits, titles listed up to three of a kind);
- "Hoàn thiện hồ sơ đề nghị xây dựng Luật Công nghiệp quốc phòng, an ninh và động viên công
  nghiệp để xin ý kiến các bộ, ngành, địa phương" (the rounds of the period);
- "Ban hành 05 văn bản pháp quy trong CNQP (03 Thông tư, 02 Quyết định), 03/04 đúng hạn; ..."
  and "Hệ thống văn bản pháp quy của ngành: 32 văn bản còn hiệu lực, 04 văn bản đến hạn rà
  soát; trong kỳ ban hành 05 văn bản" ("văn bản pháp quy" as the articles say: the
  documents counted include decisions and guidelines, which are not văn bản quy phạm pháp
  luật; those issued in the period are a clause of their own, as some take effect later).

Zero is said in words ("không có văn bản nào quá hạn"). Every number is read from the metric
registry (metrics.py, the source "legal"); this module only words them."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from cnqp.core.figures import metrics
from cnqp.core.figures.reporting import (
    ReportChart,
    ReportPeriod,
    ReportSection,
    ReportTable,
    SectionSpec,
)
from cnqp.core.models import OrgUnit, User
from cnqp.core.text import format_date, format_number
from cnqp.legal.choices import NAMED_KINDS, DocumentKind, document_name
from cnqp.legal.figures import ConsultedDraft, LegalFigures, StartedGroup
from cnqp.legal.metrics import COUNTS

SECTION = SectionSpec(key="legal", title=gettext_lazy("Legal work"), order=66)
LISTED = 3  # titles listed when a kind has at most this many, else only the count


def padded(count: int) -> str:
    """A count as the articles write it: on two digits ("02"), grouped from a thousand."""
    return f"0{count}" if 0 <= count < 10 else format_number(count)


def joined(items: list[str]) -> str:
    """“A”, “B” và “C”."""
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def when(period: ReportPeriod) -> str:
    start, end = period.start, period.end
    if (start.month, start.day) == (1, 1) and start.year == end.year:
        if (end.month, end.day) == (12, 31):
            return pgettext("legal", "In %(year)s") % {"year": end.year}
        if (end.month, end.day) == (6, 30):
            return pgettext("legal", "In the first half of %(year)s") % {"year": end.year}
    return pgettext("legal", "From %(start)s to %(end)s") % {"start": format_date(start),
                                                            "end": format_date(end)}


def _kind(kind: str) -> str:
    return str(DocumentKind(kind).label)


def _group(group: StartedGroup) -> str:
    count, kind = padded(group.count), _kind(group.kind)
    if group.count > LISTED or len(group.titles) != group.count:
        return _("%(count)s %(kind)s") % {"count": count, "kind": kind}
    if group.kind in NAMED_KINDS:
        if group.count == 1:
            return _("%(count)s %(name)s") % {"count": count,
                                               "name": document_name(group.kind,
                                                                     group.titles[0])}
        return _("%(count)s %(kind)s (%(names)s)") % {
            "count": count, "kind": kind,
            "names": joined([document_name(group.kind, t) for t in group.titles])}
    return _("%(count)s %(kind)s on %(titles)s") % {
        "count": count, "kind": kind, "titles": joined([f"“{t}”" for t in group.titles])}


def started(figures: LegalFigures, period: ReportPeriod) -> str:
    if not figures.started:
        return _("%(when)s, no new legal document was started.") % {"when": when(period)}
    return _("%(when)s, the drafting of %(list)s was started.") % {
        "when": when(period), "list": "; ".join(_group(g) for g in figures.started)}


def _kinds(by_kind: dict[str, int]) -> str:
    return ", ".join(_("%(count)s %(kind)s") % {"count": padded(n), "kind": _kind(kind)}
                     for kind, n in by_kind.items() if n)


def in_progress(figures: LegalFigures) -> str:
    now = figures.now
    if now.in_progress:
        text = _("Legal documents in drafting in the period: %(count)s (%(kinds)s)") % {
            "count": padded(now.in_progress), "kinds": _kinds(figures.in_progress_by_kind)}
    else:
        text = _("No legal document was in drafting in the period")
    if now.rounds:
        text += _("; %(rounds)s consultation rounds held.") % {"rounds": padded(now.rounds)}
    else:
        text += _("; no consultation round was held.")
    return text


def _whom(row: ConsultedDraft) -> str:
    return ", ".join([*row.units, *([row.bodies] if row.bodies else [])])


def consulted(figures: LegalFigures) -> str:
    sentences: list[str] = []
    for row in figures.consulted:
        values = {"name": document_name(row.kind, row.title), "whom": _whom(row)}
        if row.on_proposal:
            text = _("Completed the proposal dossier for %(name)s to seek the opinions of "
                     "%(whom)s.") % values
        else:
            text = _("Completed the draft of %(name)s to seek the opinions of %(whom)s.") % values
        if text not in sentences:
            sentences.append(text)
    return " ".join(sentences)


def issued(figures: LegalFigures) -> str:
    now = figures.now
    if now.issued:
        text = _("Issued %(count)s legal documents on the defence industry (%(kinds)s)") % {
            "count": padded(now.issued), "kinds": _kinds(figures.issued_by_kind)}
        if now.with_deadline and now.on_time:
            text += _(", %(on_time)s/%(due)s on time") % {"on_time": padded(now.on_time),
                                                          "due": padded(now.with_deadline)}
        elif now.with_deadline:
            text += _(", none of them on time")
    else:
        text = _("No legal document was issued")
    if now.overdue:
        text += _("; %(count)s documents overdue, not yet issued.") % {
            "count": padded(now.overdue)}
    else:
        text += _("; no document is overdue.")
    return text


def register(figures: LegalFigures) -> str:
    now = figures.now
    if not now.in_force:
        return _("The sector's system of legal documents has no document in force.")
    count = _("%(count)s documents in force") % {"count": padded(now.in_force)}
    if now.due_for_review:
        due = _("%(count)s documents due for review") % {"count": padded(now.due_for_review)}
    else:
        due = _("no document is due for review")
    if not now.instruments_issued:
        return _("The sector's system of legal documents: %(in_force)s, %(due)s.") % {
            "in_force": count, "due": due}
    # A clause of its own: a document issued in the period need not be in force at its end
    # (a law issued in 2024 takes effect in 2025), so it is not a part of those in force.
    issued = _("%(count)s documents issued in the period") % {
        "count": padded(now.instruments_issued)}
    return _("The sector's system of legal documents: %(in_force)s, %(due)s; %(issued)s.") % {
        "in_force": count, "due": due, "issued": issued}


def render_section(figures: LegalFigures, period: ReportPeriod) -> ReportSection:
    paragraphs = [started(figures, period), in_progress(figures)]
    if figures.consulted:
        paragraphs.append(consulted(figures))
    paragraphs += [issued(figures), register(figures)]
    rows: list[list[str | int]] = [
        [str(label), getattr(figures.now, name), getattr(figures.previous, name)]
        for name, label, *_rest in COUNTS]
    table = ReportTable(
        title=_("Legal work against the same period a year before"),
        columns=[_("Figure"), _("This period"), _("Same period a year before")], rows=rows,
        classification=figures.classification)
    kinds = list(DocumentKind)
    chart = ReportChart(
        title=_("Legal documents in drafting by kind"), kind="bar",
        categories=[str(k.label) for k in kinds],
        series=[(_("This period"), [figures.in_progress_by_kind.get(k.value, 0) for k in kinds]),
                (_("Same period a year before"),
                 [figures.previous_in_progress_by_kind.get(k.value, 0) for k in kinds])])
    return ReportSection(key=SECTION.key, title=str(SECTION.title), paragraphs=paragraphs,
                         tables=[table], charts=[chart], classification=figures.classification)


def build_section(user: User, period: ReportPeriod, unit: OrgUnit | None) -> ReportSection:
    figures: LegalFigures = metrics.read("legal", user, period, unit)
    return render_section(figures, period)
