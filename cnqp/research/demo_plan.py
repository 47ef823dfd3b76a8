"""The research demo's history, planned in memory before anything is written.

A simulation year by year from 2008: projects are opened, started, now and then suspended,
resumed, cancelled or extended, completed, evaluated (a few fail and go back to rework),
declared eligible for O-series production, made in O-series and applied to production. Each
main-line step has a natural due date; in the years the directorate's reports quote, exactly
the quoted number of projects take the step (the earliest due; the others wait until early
next year, or the next due ones are pulled into the last weeks of the year). Two years steer
the projects in execution: the end of 2020 leaves the 84 that 2021 carries over (127 in
execution, 43 of them opened in 2021), the end of 2022 leaves per level what 2023 needs, and
the openings of 2023 fill up to 16 national, 52 Ministry and 82 directorate projects.

`figures` recomputes every figure from the planned steps with the definitions of
`selectors.py`; `plan_projects` checks the quoted ones before the plan is written.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cnqp.research.choices import EXECUTING, Grade, ProjectLevel, ProjectStatus, ProjectType, Step
from cnqp.research.selectors import STEP_FIGURES

S = ProjectStatus
N, M, D = ProjectLevel.NATIONAL.value, ProjectLevel.MINISTRY.value, ProjectLevel.DIRECTORATE.value
LEVELS = (N, M, D)
FIRST_YEAR = 2008
DAY = dt.timedelta(days=1)

# What the reports quote, directorate-wide.
OPENED_2021 = 43
IN_EXECUTION_2021 = 127
IN_EXECUTION_2023 = {N: 16, M: 52, D: 82}
QUOTAS: dict[tuple[int, str], int] = {
    (2021, Step.COMPLETE): 30, (2021, Step.ACCEPT): 20, (2021, Step.ELIGIBLE_O): 15,
    (2021, Step.O_SERIES): 11, (2023, Step.ACCEPT): 32, (2023, Step.APPLY): 28,
}
QUOTED = {
    2021: {"in_execution": IN_EXECUTION_2021, "opened": OPENED_2021, "completed": 30,
           "accepted": 20, "eligible_o": 15, "o_series": 11},
    2023: {"in_execution": sum(IN_EXECUTION_2023.values()),
           **{f"in_execution__{level}": n for level, n in IN_EXECUTION_2023.items()},
           "in_execution__grassroots": 0, "accepted": 32, "applied": 28},
}
# The backlogs of acceptances the 2021 and 2023 quotes leave are worked off over some years.
CAPS: dict[tuple[int, str], int] = {(2022, Step.ACCEPT): 46, (2024, Step.ACCEPT): 48,
                                    (2025, Step.ACCEPT): 50}
# The usual openings of 2023 per level: the end of 2022 is steered to leave the rest.
USUAL_OPENINGS_2023 = {N: 4, M: 15, D: 32}
# In these years nothing fails its acceptance, so completions alone steer the year's end.
STEERING_YEARS = (2020, 2022)

# Openings per year (the current year pro rata); 2021 and 2023 are fixed by the quotes.
OPENINGS = {2008: 29, 2009: 27, 2010: 27, 2011: 27, 2012: 28, 2013: 29, 2014: 31, 2015: 32,
            2016: 34, 2017: 35, 2018: 37, 2019: 39, 2020: 41, 2022: 43, 2024: 48, 2025: 48}
LEVEL_WEIGHTS = {N: 7, M: 29, D: 64}
DURATION_MONTHS = {N: (36, 48), M: (24, 36), D: (12, 24)}
INSTITUTES = ("VVK", "VCN", "VTPTN")
CATEGORY_INSTITUTE = {"VKBB": "VVK", "COI": "VVK", "DAN": "VVK", "DPH": "VVK", "DCO": "VVK",
                      "LDM": "VVK", "TNP": "VTPTN", "LD": "VTPTN"}  # the others: VCN
OTHER_HOSTS = {"VVK": 16, "VCN": 18, "VTPTN": 10, "Z111": 7, "Z113": 7, "Z114": 2, "Z115": 2,
               "Z117": 2, "Z119": 2, "Z121": 2, "Z125": 2, "Z127": 2, "Z129": 2, "Z131": 2,
               "Z173": 1, "Z175": 2, "Z176": 2, "Z183": 2, "BASON": 2, "SONGTHU": 2}
CLASSIFICATION_WEIGHTS = (42, 38, 17, 3)  # Thường, Mật, Tối mật, Tuyệt mật
LEVEL_CODE = {N: "QG", M: "BQP", D: "TC"}
CODE_PREFIX = {ProjectType.TOPIC: "DT", ProjectType.TASK: "NV", ProjectType.TRIAL_PRODUCTION: "DA"}
SIGN = {N: "QĐ-BKHCN", M: "QĐ-BQP", D: "QĐ-TCCNQP"}
SIGN_GAP = {N: 12, M: 25, D: 6}  # decisions of other matters between two of ours
COUNCIL = {N: "Hội đồng nghiệm thu cấp Nhà nước", M: "Hội đồng nghiệm thu cấp Bộ Quốc phòng",
           D: "Hội đồng nghiệm thu cấp Tổng cục"}
DECIDED = frozenset({Step.OPEN, Step.EXTEND, Step.SUSPEND, Step.RESUME, Step.CANCEL,
                     Step.ACCEPT, Step.FAIL_ACCEPTANCE, Step.ELIGIBLE_O, Step.O_SERIES,
                     Step.APPLY})


class PlanError(RuntimeError):
    pass


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    producers: tuple[str, ...]

    @property
    def category(self) -> str:
        return self.code.split("-")[0]


@dataclass
class Event:
    step: str
    on: dt.date
    from_status: str
    to_status: str
    note: str = ""
    new_end: dt.date | None = None
    council: str = ""
    grade: str = ""
    producer: str = ""
    decision: str = ""


@dataclass
class ProjectPlan:
    number: int  # creation order: ties are broken by it, so the plan is deterministic
    level: str
    project_type: str
    host: str
    product: Product | None
    route: str  # after acceptance: "o" (O-series), "apply", "none"
    planned_start: dt.date
    planned_end: dt.date
    classification: int
    title: str = ""
    principal_investigator: str = ""
    members: str = ""
    budgets: dict[str, int] = field(default_factory=dict)
    summary: str = ""
    code: str = ""
    events: list[Event] = field(default_factory=list)
    status: str = ""
    current_end: dt.date = dt.date.min
    due: dt.date | None = None  # when the next main-line step would naturally come
    fails: bool = False  # fails its first acceptance
    extends: bool = False  # asks for an extension when late
    completed_in: int = 0

    @property
    def last(self) -> dt.date:
        return self.events[-1].on

    def add(self, step: str, on: dt.date, to_status: str = "", **fields: Any) -> None:
        if self.events and on < self.last:
            raise PlanError(f"{self.number}: {step} on {on} before {self.last}")
        target = to_status or self.status
        self.events.append(Event(step, on, self.status, target, **fields))
        self.status = target

    def add_when_due(self, step: str, to_status: str, **fields: Any) -> None:
        """Take the next main-line step on its due date (set by `Planner.take_due`)."""
        if self.due is None:
            raise PlanError(f"{self.number}: {step} without a due date")
        self.add(step, self.due, to_status, **fields)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    return dt.date(day.year + index // 12, index % 12 + 1, min(day.day, 28))


class Planner:
    def __init__(self, rng: random.Random, today: dt.date, products: list[Product]) -> None:
        if not products:
            raise PlanError("The research demo needs the product types of the documents demo.")
        self.rng, self.today, self.products = rng, today, products
        self.by_producer: dict[str, list[Product]] = defaultdict(list)
        for product in products:
            for unit in product.producers:
                self.by_producer[unit].append(product)
        self.projects: list[ProjectPlan] = []

    # --- helpers -------------------------------------------------------------------------------

    def last_day(self, year: int) -> dt.date:
        return min(dt.date(year, 12, 31), self.today)

    def day(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def executing(self, level: str | None = None) -> list[ProjectPlan]:
        return [p for p in self.projects
                if p.status in EXECUTING and level in (None, p.level)]

    def take_due(self, year: int, candidates: list[ProjectPlan], quota: int | None,
                 cap: int | None = None) -> list[ProjectPlan]:
        """The candidates that take their next step in `year`, each with its due date set to
        the step's date: those due by the year's end or, with a quota, exactly `quota` of
        them (the earliest due; the rest wait until early next year, or the next ones due are
        pulled into the last weeks of the year)."""
        last_day = self.last_day(year)
        ready = sorted((p for p in candidates if p.due is not None and p.due <= last_day),
                       key=lambda p: (p.due, p.number))
        limit = quota if quota is not None else cap
        if limit is not None and len(ready) > limit:
            for p in ready[limit:]:
                p.due = self.day(dt.date(year + 1, 1, 5), dt.date(year + 1, 3, 31))
            ready = ready[:limit]
        elif quota is not None and len(ready) < quota:
            later = sorted((p for p in candidates
                            if p.due is not None and p.due > last_day and p.last < last_day),
                           key=lambda p: (p.due, p.number))
            if len(later) < quota - len(ready):
                raise PlanError(f"{year}: too few projects can take their step ({quota})")
            for p in later[:quota - len(ready)]:
                p.due = self.day(max(p.last, dt.date(year, 11, 1)), dt.date(year, 12, 30))
                ready.append(p)
        for p in ready:
            p.due = max(p.due or p.last, p.last)
        return ready

    def producer(self, p: ProjectPlan) -> str:
        """An enterprise making the product, else the host if it is one, else Z111."""
        enterprises = [u for u in (p.product.producers if p.product else ())
                       if u not in INSTITUTES]
        if p.host in enterprises:
            return p.host
        if enterprises:
            return self.rng.choice(enterprises)
        return p.host if p.host not in INSTITUTES else "Z111"

    def ensure_product(self, p: ProjectPlan) -> None:
        if p.product is None:
            p.product = self.rng.choice(self.by_producer.get(p.host) or self.products)

    # --- the year ------------------------------------------------------------------------------

    def run_year(self, year: int) -> None:
        if year == 2023:
            counts = {level: n - len(self.executing(level))
                      for level, n in IN_EXECUTION_2023.items()}
            if min(counts.values()) < 0:
                raise PlanError(f"2023 starts with too many projects in execution: {counts}")
        else:
            total = OPENED_2021 if year == 2021 else OPENINGS.get(year, 46)
            if year == self.today.year:
                total = round(total * (self.today.timetuple().tm_yday - 20) / 365)
            levels = self.rng.choices(LEVELS, weights=[LEVEL_WEIGHTS[x] for x in LEVELS],
                                      k=max(0, total))
            counts = Counter(levels)
        for level in LEVELS:
            for _ in range(counts.get(level, 0)):
                self.open_project(year, level)
        self.side_events(year)
        if year == self.today.year:
            self.keep_some_late()
        self.complete(year)
        self.evaluate(year)
        self.extend(year)
        self.declare_eligible(year)
        self.make_o_series(year)
        self.apply(year)

    def open_project(self, year: int, level: str) -> None:
        rng = self.rng
        on = self.day(dt.date(year, 1, 5), min(dt.date(year, 12, 20),
                                               self.today - dt.timedelta(days=7)))
        route = rng.choices(("o", "apply", "none"), weights=(30, 45, 25))[0]
        product = rng.choice(self.products) if route != "none" or rng.random() < 0.5 else None
        if product is not None and rng.random() < 0.5:
            host = rng.choice(product.producers)
        elif product is not None or (level == N and rng.random() < 0.8):
            category = product.category if product else ""
            host = CATEGORY_INSTITUTE.get(category, "VCN") if product else rng.choice(INSTITUTES)
        else:
            host = rng.choices(list(OTHER_HOSTS), weights=list(OTHER_HOSTS.values()))[0]
        kind = rng.choices((ProjectType.TOPIC, ProjectType.TASK, ProjectType.TRIAL_PRODUCTION),
                           weights=(70, 20, 10 if product else 0))[0]
        start = on
        end = add_months(start, rng.randint(*DURATION_MONTHS[level])) - DAY
        level_weights = CLASSIFICATION_WEIGHTS
        p = ProjectPlan(len(self.projects), level, kind.value, host, product, route, start, end,
                        rng.choices(range(4), weights=level_weights)[0])
        lateness = rng.random()
        if lateness < 0.7:
            delay = self.days(-45, 30)
        elif lateness < 0.93:
            delay = self.days(40, 240)
        else:
            delay = self.days(250, 480)
        p.fails, p.extends = rng.random() < 0.06, rng.random() < 0.6
        p.current_end, p.due = end, end + delay
        p.add(Step.PROPOSE, on - self.days(60, 240), S.PROPOSED)
        p.add(Step.OPEN, on, S.OPENED)
        p.add(Step.START, min(on + self.days(0, 40), self.last_day(year)), S.IN_PROGRESS)
        self.projects.append(p)

    def side_events(self, year: int) -> None:
        """A few suspensions (resumed or cancelled within the year) and cancellations."""
        rng, last_day = self.rng, self.last_day(year)
        running = [p for p in self.projects
                   if p.status == S.IN_PROGRESS and p.planned_start.year < year]
        n_suspend, n_cancel = rng.choice((0, 1, 1, 2)), rng.choice((0, 0, 1, 1, 2))
        picked = rng.sample(running, min(len(running), n_suspend + n_cancel))
        for p in picked[:n_suspend]:
            on = max(p.last, self.day(dt.date(year, 2, 1), dt.date(year, 7, 31)))
            if on > min(last_day, dt.date(year, 7, 31)):
                continue
            p.add(Step.SUSPEND, on, S.SUSPENDED)
            after = on + self.days(45, 150)
            if after > last_day:
                continue  # still suspended today
            if rng.random() < 0.65:
                p.add(Step.RESUME, after, S.IN_PROGRESS)
                p.due = max(p.due or after, after) + (after - on)
                p.extends = True
            else:
                p.add(Step.CANCEL, after, S.CANCELLED)
        for p in picked[n_suspend:]:
            on = max(p.last, self.day(dt.date(year, 3, 1), dt.date(year, 11, 30)))
            if on <= last_day:
                p.add(Step.CANCEL, on, S.CANCELLED)

    def keep_some_late(self, wanted: int = 4) -> None:
        """A few projects past their end date in force today, without an extension."""
        today = self.today
        late = [p for p in self.projects if p.status == S.IN_PROGRESS
                and p.current_end < today - dt.timedelta(days=10)]
        staying = [p for p in late if (p.due is None or p.due > today) and not p.extends]
        already = len(staying)
        others = sorted((p for p in late if p not in staying),
                        key=lambda p: (-p.current_end.toordinal(), p.number))
        for p in others[:max(0, wanted - already)]:
            p.due, p.extends = today + self.days(30, 200), False

    def complete(self, year: int) -> None:
        groups: list[tuple[list[ProjectPlan], int | None]]
        running = [p for p in self.projects if p.status == S.IN_PROGRESS]
        if year == 2020:  # leave the projects 2021 carries over
            carried = IN_EXECUTION_2021 - OPENED_2021
            groups = [(running, max(0, len(self.executing()) - carried))]
        elif year == 2022:  # leave per level what 2023 carries over
            groups = []
            for level in LEVELS:
                carried = IN_EXECUTION_2023[level] - USUAL_OPENINGS_2023[level]
                groups.append(([p for p in running if p.level == level],
                               max(0, len(self.executing(level)) - carried)))
        else:
            groups = [(running, QUOTAS.get((year, Step.COMPLETE)))]
        for candidates, quota in groups:
            for p in self.take_due(year, candidates, quota):
                p.add_when_due(Step.COMPLETE, S.COMPLETED)
                p.completed_in = year
                p.due = p.last + self.days(20, 150)

    def evaluate(self, year: int) -> None:
        rng, last_day = self.rng, self.last_day(year)
        done = [p for p in self.projects if p.status == S.COMPLETED]
        failing = [p for p in done
                   if p.fails and p.completed_in == year and year not in STEERING_YEARS
                   and p.due is not None and p.due <= last_day]
        for p in failing:
            on = max(p.due or p.last, p.last)
            p.add(Step.FAIL_ACCEPTANCE, on, S.IN_PROGRESS, council=COUNCIL[p.level],
                  grade=Grade.FAIL.value)
            p.fails, p.extends = False, True
            p.due = max(on + self.days(120, 300), dt.date(year + 1, 1, 10))
        rest = [p for p in done if p not in failing]
        for p in self.take_due(year, rest, QUOTAS.get((year, Step.ACCEPT)),
                               CAPS.get((year, Step.ACCEPT))):
            grade = rng.choices((Grade.EXCELLENT, Grade.GOOD, Grade.PASS),
                                weights=(20, 55, 25))[0]
            p.add_when_due(Step.ACCEPT, S.ACCEPTED, council=COUNCIL[p.level],
                           grade=grade.value)
            p.due = (p.last + self.days(45, 240) if p.route == "o"
                     else p.last + self.days(60, 400) if p.route == "apply" else None)

    def extend(self, year: int) -> None:
        last_day = self.last_day(year)
        for p in self.projects:
            if (p.status not in EXECUTING or not p.extends or p.due is None
                    or p.due <= p.current_end + dt.timedelta(days=20)):
                continue
            on = max(p.last, p.current_end - self.days(10, 60))
            if on > last_day:
                continue
            new_end = max(p.due + self.days(20, 90), p.current_end + dt.timedelta(days=30))
            p.add(Step.EXTEND, on, new_end=new_end)
            p.current_end = new_end

    def convert(self, year: int, candidates: list[ProjectPlan], quota: int | None,
                others: Iterable[ProjectPlan], route: str) -> None:
        """When too few projects could take a step with a quota, others take that route."""
        last_day = self.last_day(year)
        able = sum(p.due is not None and (p.due <= last_day or p.last < last_day)
                   for p in candidates)
        if quota is None or able >= quota:
            return
        spare = sorted((p for p in others if p.last < last_day),
                       key=lambda p: (-p.last.toordinal(), p.number))
        for p in spare[:quota - able]:
            p.route, p.due = route, self.day(max(p.last, dt.date(year, 11, 1)),
                                             dt.date(year, 12, 30))
            self.ensure_product(p)
            candidates.append(p)

    def declare_eligible(self, year: int) -> None:
        quota = QUOTAS.get((year, Step.ELIGIBLE_O))
        accepted = [p for p in self.projects if p.status == S.ACCEPTED]
        candidates = [p for p in accepted if p.route == "o"]
        self.convert(year, candidates, quota, (p for p in accepted if p.route != "o"), "o")
        for p in self.take_due(year, candidates, quota):
            p.add_when_due(Step.ELIGIBLE_O, S.ELIGIBLE_O)
            p.due = p.last + self.days(60, 300)

    def make_o_series(self, year: int) -> None:
        candidates = [p for p in self.projects if p.status == S.ELIGIBLE_O]
        for p in self.take_due(year, candidates, QUOTAS.get((year, Step.O_SERIES))):
            p.add_when_due(Step.O_SERIES, S.O_SERIES, producer=self.producer(p))
            p.due = p.last + self.days(60, 300) if self.rng.random() < 0.75 else None

    def apply(self, year: int) -> None:
        quota = QUOTAS.get((year, Step.APPLY))
        candidates = [p for p in self.projects if p.due is not None and (
            p.status == S.O_SERIES or (p.status == S.ACCEPTED and p.route != "o"))]
        others = [p for p in self.projects
                  if p.status in (S.ACCEPTED, S.O_SERIES) and p.due is None]
        self.convert(year, candidates, quota, others, "apply")
        for p in self.take_due(year, candidates, quota):
            p.add_when_due(Step.APPLY, S.APPLIED, producer=self.producer(p))
            p.due = None

    # --- the end -------------------------------------------------------------------------------

    def propose(self) -> None:
        """A few proposals of this year, to be opened next year."""
        for _ in range(self.rng.randint(4, 7)):
            level = self.rng.choices(LEVELS, weights=[LEVEL_WEIGHTS[x] for x in LEVELS])[0]
            start = dt.date(self.today.year + 1, self.rng.randint(1, 3), 1)
            end = add_months(start, self.rng.randint(*DURATION_MONTHS[level])) - DAY
            product = self.rng.choice(self.products) if self.rng.random() < 0.6 else None
            host = (self.rng.choice(product.producers) if product
                    else self.rng.choices(list(OTHER_HOSTS), weights=list(OTHER_HOSTS.values()))[0])
            level_of_secrecy = self.rng.choices(range(4), weights=(50, 40, 10, 0))[0]
            p = ProjectPlan(len(self.projects), level, ProjectType.TOPIC.value, host, product,
                            "none", start, end, level_of_secrecy)
            p.current_end = end
            p.add(Step.PROPOSE, self.day(dt.date(self.today.year, 1, 10), self.today),
                  S.PROPOSED)
            self.projects.append(p)

    def number(self) -> None:
        """Codes per year opened (planned start for a proposal) and level; decision numbers
        per year and issuing body, in date order."""
        def opened(p: ProjectPlan) -> dt.date:
            return next((e.on for e in p.events if e.step == Step.OPEN), p.planned_start)

        groups: dict[tuple[int, str], list[ProjectPlan]] = defaultdict(list)
        for p in self.projects:
            groups[(opened(p).year, p.level)].append(p)
        for (year, level), members in groups.items():
            members.sort(key=lambda p: (opened(p), p.number))
            for index, p in enumerate(members, start=1):
                prefix = CODE_PREFIX[ProjectType(p.project_type)]
                p.code = f"{prefix}.{year}.{LEVEL_CODE[level]}.{index:02d}"
        decided = sorted(((e.on, p.code, i, p.level, e) for p in self.projects
                          for i, e in enumerate(p.events) if e.step in DECIDED),
                         key=lambda row: row[:3])
        counters: dict[tuple[int, str], int] = {}
        for on, _code, _i, level, event in decided:
            key = (on.year, level)
            if key not in counters:
                counters[key] = self.rng.randint(5, 40)
            counters[key] += self.rng.randint(1, SIGN_GAP[level])
            event.decision = f"{counters[key]}/{SIGN[level]}"


def figures(projects: Iterable[ProjectPlan], start: dt.date, end: dt.date) -> Counter[str]:
    """The figures of [start, end] by the definitions of `selectors.py`, from the plan."""
    counts: Counter[str] = Counter()
    for p in projects:
        before = at_end = ""
        end_in_force, touched, steps = p.planned_end, False, set()
        for e in p.events:
            if e.on < start:
                before = e.to_status
            if e.on <= end:
                at_end = e.to_status
                if e.step == Step.EXTEND and e.new_end:
                    end_in_force = e.new_end
            if start <= e.on <= end:
                steps.add(e.step)
                touched |= e.from_status in EXECUTING or e.to_status in EXECUTING
        if before in EXECUTING or touched:
            counts["in_execution"] += 1
            counts[f"in_execution__{p.level}"] += 1
        if at_end in EXECUTING and end_in_force < end:
            counts["overdue"] += 1
        for name, figure_steps in STEP_FIGURES.items():
            if steps & set(figure_steps):
                counts[name] += 1
    return counts


def year_figures(projects: list[ProjectPlan], year: int) -> Counter[str]:
    return figures(projects, dt.date(year, 1, 1), dt.date(year, 12, 31))


def plan_projects(rng: random.Random, today: dt.date,
                  products: list[Product]) -> list[ProjectPlan]:
    planner = Planner(rng, today, products)
    for year in range(FIRST_YEAR, today.year + 1):
        planner.run_year(year)
    planner.propose()
    planner.number()
    for year, quoted in QUOTED.items():
        if year > today.year:
            continue
        counts = year_figures(planner.projects, year)
        wrong = {k: (counts[k], v) for k, v in quoted.items() if counts[k] != v}
        if wrong:
            raise PlanError(f"{year}: figures (planned, quoted) differ: {wrong}")
    return planner.projects
