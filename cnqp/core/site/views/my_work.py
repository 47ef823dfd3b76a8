"""'Việc của tôi': what waits for the user's unit, queue by queue (`core.work`), each with its
count, its first records and the link to the list filtered to all of them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cnqp.core import work


@login_required
def my_work_view(request: HttpRequest) -> HttpResponse:
    """Two queries per queue that has work (its count, its first items), one per empty one."""
    user: Any = request.user
    queues = [{"label": str(q.queue.label), "name": q.queue.name, "count": q.count,
               "link": q.waiting.link,
               "items": [(obj, work.item_link(obj))
                         for obj in q.waiting.items[:work.FIRST_ITEMS]]}
              for q in work.counts(user) if q.count]
    return render(request, "core/my_work.html", {
        "queues": queues, "total": sum(q["count"] for q in queues)})
