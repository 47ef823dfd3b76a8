"""The quality panel of the home page: each number is the count of the records its link
lists, this year and last; a user who may not read quality gets no panel."""

from __future__ import annotations

import re
from typing import Any

from cnqp.quality.tests.conftest import YEAR
from cnqp.quality.tests.test_figures import history  # noqa: F401 (fixture)

KEYS = ("failures", "nc_open", "nc_closed", "fixed", "overdue_actions")


def test_quality_numbers_are_the_records_they_link_to(line: Any, history: Any,  # noqa: F811
                                                      client_for: Any) -> None:
    client = client_for(line.qlcn)
    html = client.get("/", {"year": YEAR}).content.decode()
    shown = 0
    for kind in ("figure", "previous"):
        for url, key, value in re.findall(
                rf'<a[^>]*href="([^"]+)" data-{kind}="quality\.([a-z_]+)">([^<]+)</a>', html):
            assert key in KEYS
            page = client.get(url.replace("&amp;", "&") + "&per_page=100")
            assert page.status_code == 200, url
            assert page.context["page"].paginator.count == int(value.strip().replace(".", "")), \
                (key, kind, url)
            shown += 1
    assert shown == 2 * len(KEYS)


def test_no_quality_panel_without_the_permission(line: Any, org: Any, make_user: Any,
                                                client_for: Any) -> None:
    auditor = make_user(["auditor"], org.root)
    assert "quality." not in client_for(auditor).get("/", {"year": YEAR}).content.decode()
