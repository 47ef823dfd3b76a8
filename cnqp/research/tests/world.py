"""A hand-built set of projects around the period 2022 (1 Jan - 31 Dec), one per case the
figure definitions (docs/research-figures.md) distinguish, with what each figure must count.
Every project is proposed on 2 Jan 2020 unless said; its planned end is 31 Dec 2024 unless
said."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cnqp.research.choices import ProjectLevel, Step
from cnqp.research.models import ResearchProject
from cnqp.research.tests.helpers import D, propose, take

START, END = D(2022, 1, 1), D(2022, 12, 31)
N, M, T, G = (ProjectLevel.NATIONAL, ProjectLevel.MINISTRY, ProjectLevel.DIRECTORATE,
              ProjectLevel.GRASSROOTS)
OPEN_BEFORE = [(Step.OPEN, D(2021, 1, 5)), (Step.START, D(2021, 2, 1))]

# code: (level, host ("a", "a1" = A's workshop, "b"), options, steps)
CASES: dict[str, tuple[str, str, dict[str, Any], list[tuple[Any, ...]]]] = {
    # opened before the period and still running
    "RUN": (N, "a", {}, [(Step.OPEN, D(2021, 3, 1)), (Step.START, D(2021, 4, 1))]),
    "NEW": (T, "a", {}, [(Step.OPEN, D(2022, 5, 1))]),
    "FIRSTDAY": (T, "a", {}, [(Step.OPEN, D(2022, 1, 1))]),
    "LASTDAY": (M, "a", {}, [(Step.OPEN, D(2022, 12, 31))]),
    "LATE": (G, "a", {}, [(Step.OPEN, D(2023, 1, 1))]),  # opened after the period
    "DONE": (N, "a", {}, [(Step.OPEN, D(2021, 1, 10)), (Step.START, D(2021, 2, 1)),
                          (Step.COMPLETE, D(2022, 3, 1)), (Step.ACCEPT, D(2022, 6, 1)),
                          (Step.ELIGIBLE_O, D(2022, 7, 1)), (Step.O_SERIES, D(2022, 8, 1)),
                          (Step.APPLY, D(2022, 9, 1))]),
    "OLD": (T, "a", {}, [(Step.OPEN, D(2020, 2, 1)), (Step.START, D(2020, 3, 1)),
                         (Step.COMPLETE, D(2021, 6, 1)), (Step.ACCEPT, D(2021, 12, 31)),
                         (Step.APPLY, D(2022, 1, 1))]),
    "EDGE": (T, "a", {}, [(Step.OPEN, D(2020, 2, 1)), (Step.START, D(2020, 3, 1)),
                          (Step.COMPLETE, D(2022, 1, 1))]),  # completed on the first day
    "PREV": (T, "a", {}, [(Step.OPEN, D(2020, 2, 1)), (Step.START, D(2020, 3, 1)),
                          (Step.COMPLETE, D(2021, 12, 31))]),  # completed the day before
    "PROP": (G, "a", {"on": D(2022, 3, 1)}, []),  # only proposed
    # suspended for the whole period (an extension meanwhile does not put it in execution)
    "HELD": (T, "a", {}, [(Step.OPEN, D(2021, 2, 1)), (Step.SUSPEND, D(2021, 9, 1)),
                          (Step.EXTEND, D(2022, 4, 1), {"new_end": D(2025, 6, 30)})]),
    "PAUSE": (M, "a", {}, [*OPEN_BEFORE, (Step.SUSPEND, D(2022, 6, 1))]),
    "BACK": (T, "a", {}, [(Step.OPEN, D(2021, 1, 5)), (Step.SUSPEND, D(2021, 6, 1)),
                          (Step.RESUME, D(2022, 2, 1))]),
    "STOP": (T, "b", {}, [*OPEN_BEFORE, (Step.CANCEL, D(2022, 4, 1))]),
    # cancelled in the period, but suspended since before it
    "DROP": (G, "a", {}, [(Step.OPEN, D(2021, 1, 5)), (Step.SUSPEND, D(2021, 5, 1)),
                          (Step.CANCEL, D(2022, 3, 1))]),
    # completed before, failed twice in the period, finally accepted: each figure counts once
    "REDO": (M, "a1", {}, [(Step.OPEN, D(2020, 1, 15)), (Step.START, D(2020, 2, 1)),
                           (Step.COMPLETE, D(2021, 10, 1)),
                           (Step.FAIL_ACCEPTANCE, D(2022, 2, 1)),
                           (Step.COMPLETE, D(2022, 5, 1)), (Step.FAIL_ACCEPTANCE, D(2022, 7, 1)),
                           (Step.COMPLETE, D(2022, 9, 1)), (Step.ACCEPT, D(2022, 11, 30))]),
    "LATEDUE": (T, "a", {"end": D(2022, 6, 30)}, OPEN_BEFORE),
    "EXT": (T, "b", {"end": D(2022, 6, 30)},
            [*OPEN_BEFORE, (Step.EXTEND, D(2022, 6, 1), {"new_end": D(2023, 3, 31)})]),
    # extended only after the period: overdue at its end
    "EXTLATE": (T, "a", {"end": D(2022, 6, 30)},
                [*OPEN_BEFORE, (Step.EXTEND, D(2023, 2, 1), {"new_end": D(2023, 12, 31)})]),
    "ENDSDAY": (T, "a", {"end": D(2022, 12, 31)}, OPEN_BEFORE),  # due on the last day
    # in execution at the end of the period, completed only after it
    "LATEDONE": (T, "a", {"end": D(2022, 6, 30)},
                 [*OPEN_BEFORE, (Step.COMPLETE, D(2023, 1, 15))]),
}

IN_EXECUTION = {"RUN", "NEW", "FIRSTDAY", "LASTDAY", "DONE", "EDGE", "PAUSE", "BACK", "STOP",
                "REDO", "LATEDUE", "EXT", "EXTLATE", "ENDSDAY", "LATEDONE"}
EXPECTED: dict[str, set[str]] = {
    "in_execution": IN_EXECUTION,
    "overdue": {"LATEDUE", "EXTLATE", "LATEDONE"},
    "opened": {"NEW", "FIRSTDAY", "LASTDAY"},
    "completed": {"DONE", "EDGE", "REDO"},
    "evaluated": {"DONE", "REDO"},
    "accepted": {"DONE", "REDO"},
    "failed_acceptance": {"REDO"},
    "eligible_o": {"DONE"},
    "o_series": {"DONE"},
    "applied": {"DONE", "OLD"},
    "extended": {"HELD", "EXT"},
    "suspended": {"PAUSE"},
    "cancelled": {"STOP", "DROP"},
}


def build(org: Any) -> dict[str, ResearchProject]:
    hosts = {"a": org.enterprise_a, "a1": org.workshop_a1, "b": org.enterprise_b}
    built = {}
    for code, (level, host, options, steps) in CASES.items():
        options = {"on": D(2020, 1, 2), "start": D(2020, 1, 2), "end": D(2024, 12, 31),
                   **options}
        project = propose(hosts[host], code, level=level, **options)
        for step, on, *extra in steps:
            project = take(project, step, on, **(extra[0] if extra else {}))
        built[code] = project
    return built


def level_of(code: str) -> str:
    return CASES[code][0]


def per_level(codes: set[str]) -> dict[str, int]:
    return {level.value: sum(1 for c in codes if level_of(c) == level) for level in ProjectLevel}


def year_range(first: int, last: int) -> tuple[dt.date, dt.date]:
    return D(first, 1, 1), D(last, 12, 31)
