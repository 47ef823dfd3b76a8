"""The same seed gives the same demo: a first seeding, rolled back, against the shared one
(conftest.py: the shared demo is seeded a second time only for this test)."""

from __future__ import annotations

import pytest

from cnqp.demo.tests.conftest import Demo


@pytest.mark.demo_seeded_twice
def test_seeding_twice_gives_identical_data(demo: Demo, db: None) -> None:
    assert demo.first is not None and demo.shared is not None
    assert demo.first.documents == demo.shared.documents
    assert len(demo.shared.tables) > 30  # every model of the project, and their links
    assert demo.first.differences(demo.shared) == []
