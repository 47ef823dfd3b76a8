"""The results page of the header's search box: every module's matches, grouped (site/search.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cnqp.core.site import search


@login_required
def search_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    refused = search.refusal(query)
    modules = [] if refused else search.search_everywhere(request.user, query)
    return render(request, "core/search.html", {
        "q": query, "refused": refused, "modules": modules,
        "min_length": search.MIN_LENGTH, "max_length": search.MAX_LENGTH,
        "shown": search.SHOWN, "cap": search.COUNT_CAP})
