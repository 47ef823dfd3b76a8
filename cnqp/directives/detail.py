"""What a directive's, an indicator's and a review's pages show beyond their fields: the
cascade, each objective's indicators with their live figure and verdict, the tasks in the
four buckets, an indicator's trend, a review's frozen figures. Everything as the reader may
see it (scoped querysets, figures from the metric registry under the reader's scope)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cnqp.core.access.scoping import scope_queryset
from cnqp.core.models import User
from cnqp.directives import resources, selectors
from cnqp.directives.choices import ReviewStatus, TaskStatus
from cnqp.directives.models import Directive, DirectiveItem, Indicator, Review, ReviewFigure


def _chain(user: User, directive: Directive) -> list[Directive]:
    """What the directive implements, up to the top (08-NQ/TW → … → this one), as far as the
    reader may see: a link they may not see ends the chain."""
    visible = scope_queryset(Directive.objects.all(), user)
    chain: list[Directive] = []
    current = directive
    for _step in range(20):  # a cascade is a handful of levels; a loop is refused on write
        if current.implements_id is None:
            break
        parent = visible.filter(pk=current.implements_id).first()
        if parent is None:
            break
        chain.insert(0, parent)
        current = parent
    return chain


@resources.directives.detail
def directive_context(user: User, directive: Directive) -> dict[str, Any]:
    today = timezone.localdate()
    visible = scope_queryset(Directive.objects.all(), user)
    items = list(scope_queryset(DirectiveItem.objects.filter(directive=directive), user)
                 .order_by("position", "pk"))
    indicators = list(selectors.visible_indicators(user, directive)
                      .order_by("item__position", "position", "pk"))
    read = selectors.readings(user, indicators, today)
    by_item: dict[int, list[selectors.Reading]] = {}
    for indicator in indicators:
        by_item.setdefault(indicator.item_id, []).append(read[indicator.pk])
    tasks = selectors.visible_tasks(user).filter(directive=directive)
    counts = selectors.task_counts(tasks, today)
    base = reverse("directives:tasks-list")
    return {
        "chain": _chain(user, directive),
        "implemented_by": visible.filter(implements=directive).order_by("issued_on"),
        "continued_by": visible.filter(continues=directive).order_by("issued_on"),
        # what it continues, only if the reader may see it (a hidden one does not exist)
        "continues": visible.filter(pk=directive.continues_id).first()
        if directive.continues_id else None,
        "items": [(item, by_item.get(item.pk, [])) for item in items],
        "task_buckets": [(TaskStatus(key).label, n,
                          f"{base}?{urlencode({'directive': directive.pk, 'bucket': key})}")
                         for key, n in counts.items()],
        "task_total": sum(counts.values()),
        "reviews": scope_queryset(Review.objects.filter(directives=directive), user)
        .order_by("-held_on"),
        "files": resources.directive_files.queryset(user).filter(directive=directive),
        "can_add_files": user.has_perm("directives.change_directive")
        and resources.directives.writable_by is not None
        and resources.directives.writable_by(user, directive),
        "today": today,
    }


@resources.indicators.detail
def indicator_context(user: User, indicator: Indicator) -> dict[str, Any]:
    today = timezone.localdate()
    reading = selectors.readings(user, [indicator], today)[indicator.pk]
    trend = selectors.trend(user, indicator, today)
    chart = {"categories": [str(year) for year, _value in trend],
             "series": [{"name": indicator.name,
                         "data": [float(v) if v is not None else None for _year, v in trend]}]}
    return {"reading": reading, "trend": trend, "trend_echart": chart}


@resources.reviews.detail
def review_context(user: User, review: Review) -> dict[str, Any]:
    figures = list(scope_queryset(ReviewFigure.objects.filter(review=review), user)
                   .order_by("position"))
    links: list[tuple[str, str]] = []
    if review.status == ReviewStatus.FROZEN:
        links = [(_("Preview"), reverse("directives:review-report", args=[review.pk]))]
        links += [(fmt.upper(), reverse("directives:review-report-file", args=[review.pk, fmt]))
                  for fmt in ("docx", "pdf", "xlsx")]
    return {"figures": figures,
            "directives_reviewed": scope_queryset(review.directives.all(), user),
            "report_links": links}
