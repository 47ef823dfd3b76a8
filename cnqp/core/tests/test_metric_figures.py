"""The home page's figure: its change is green when it is for the better, which for an
incident count is a decrease."""

from __future__ import annotations

from cnqp.core.figures.dashboard import Figure


def test_the_change_is_coloured_by_the_figures_direction() -> None:
    more = Figure(key="research.accepted", label="", value=12, url="", previous=10)
    assert (more.change, more.change_tone) == (2, "success")
    incidents = Figure(key="safety.incidents", label="", value=12, url="", previous=10,
                       lower_is_better=True)
    assert incidents.change_tone == "danger"
    fewer = Figure(key="safety.incidents", label="", value=8, url="", previous=10,
                   lower_is_better=True)
    assert fewer.change_tone == "success"
    assert Figure(key="x.y", label="", value=3, url="", previous=3).change_tone == "muted"
