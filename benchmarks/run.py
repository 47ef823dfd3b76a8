"""CNQP benchmarks: each figure next to the raw database doing the same work (the limit).

    make bench                      # PostgreSQL at 127.0.0.1:5432, database cnqp_bench
    BENCH_DATABASE_URL=sqlite:///var/bench.sqlite3 make bench
    BENCH_ONLY=production,quality make bench   # only these modules' cases
    BENCH_MATCH=serials make bench             # only the cases whose name contains this

On PostgreSQL the bench database holds the large demo (`seed_demo --scale large`: millions
of items, 22 million genealogy edges), built the first time, in minutes.

Not a test: it prints a table. Modules add their rows in `benchmarks/<module>.py` (a
`cases(ctx)` function returning Case objects), discovered here.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cnqp_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cnqp.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
# Production settings (a secret key turns DEBUG off: no query log, cached templates), over the
# test client's plain HTTP, with the static files collected as a deployment does.
for name, value in (("SECRET_KEY", "bench-only-" + "k" * 50), ("SECURE_SSL_REDIRECT", "0"),
                    ("SESSION_COOKIE_SECURE", "0"), ("CSRF_COOKIE_SECURE", "0"),
                    ("STATIC_ROOT", str(ROOT / "var" / "bench-static"))):
    os.environ.setdefault(name, value)


def ensure_database() -> None:
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


@dataclass
class Case:
    name: str
    run: Callable[[], object]
    raw: Callable[[], object] | None = None
    repeat: int = 20
    target: str = ""
    rows: int = 0  # rows a run handles: the table adds rows per second
    warmup: bool = True  # heavy cases: the query-counting run is warm-up enough
    before: Callable[[], object] | None = None  # untimed, before every run (raw ones too)
    # seconds per phase of a run's result (a bulk import's timings): printed under the case,
    # the median of each over the timed runs
    phases: Callable[[object], dict[str, float]] | None = None


class QueryCounter:
    """Counts the queries a case runs (DEBUG's query log is reset by every request)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def timed(fn: Callable[[], object], repeat: int, warmup: bool = True,
          before: Callable[[], object] | None = None) -> tuple[float, list[object]]:
    """The median milliseconds of `repeat` runs, and what each run returned."""
    prepare = before or (lambda: None)
    if warmup:
        prepare()
        fn()  # warm caches and connections
    samples = []
    results: list[object] = []
    for _ in range(repeat):
        prepare()
        start = time.perf_counter()
        results.append(fn())
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), results


def phase_rows(case: Case, results: list[object], ms: float) -> list[str]:
    """A sub-row per phase: its median milliseconds over the runs and its share of the case's
    median."""
    if case.phases is None:
        return []
    runs = [case.phases(result) for result in results]
    medians = {phase: statistics.median(run.get(phase, 0.0) for run in runs) * 1000
               for phase in runs[0]}
    return [f"{'  phase: ' + phase:<52} {phase_ms:>10.2f} {'':>9} {phase_ms / ms:>6.0%}"
            for phase, phase_ms in medians.items()]


def answered(name: str, result: object) -> None:
    """A page or API case must time the answer, not an error page (a refused host, a lost
    session, a 404 would be fast and wrong)."""
    status = getattr(result, "status_code", 200)
    if status >= 400:
        raise SystemExit(f"bench case {name!r} answered HTTP {status}")


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if not (ROOT / "var" / "bench-static" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    from benchmarks.context import BenchContext

    ctx = BenchContext.prepare()
    only = {n for n in os.environ.get("BENCH_ONLY", "").split(",") if n}
    match = os.environ.get("BENCH_MATCH", "")
    modules = [
        importlib.import_module(f"benchmarks.{m.name}")
        for m in pkgutil.iter_modules([str(ROOT / "benchmarks")])
        if m.name not in ("run", "context") and not m.name.startswith("_")
        and (not only or m.name in only)
    ]
    print(f"\nCNQP benchmarks on {connection.vendor} ({ctx.describe()})\n")
    header = (f"{'case':<52} {'median ms':>10} {'raw ms':>9} {'ratio':>6} {'queries':>8} "
              f"{'rows/s':>10}  target")
    print(header)
    print("-" * len(header))
    for module in modules:
        for case in module.cases(ctx):
            if match not in case.name:
                continue
            counter = QueryCounter()
            if case.before:
                case.before()
            with connection.execute_wrapper(counter):
                answered(case.name, case.run())
            ms, results = timed(case.run, case.repeat, case.warmup, case.before)
            raw_ms = (timed(case.raw, case.repeat, case.warmup, case.before)[0] if case.raw
                      else None)
            ratio = f"{ms / raw_ms:.1f}x" if raw_ms else ""
            raw_text = f"{raw_ms:.2f}" if raw_ms is not None else ""
            rate = f"{case.rows / ms * 1000:,.0f}".replace(",", ".") if case.rows else ""
            print(f"{case.name:<52} {ms:>10.2f} {raw_text:>9} {ratio:>6} "
                  f"{counter.count:>8} {rate:>10}  {case.target}", flush=True)
            for row in phase_rows(case, results, ms):
                print(row, flush=True)


if __name__ == "__main__":
    main()
