"""`make loadtest`: the deployment as the README runs it (gunicorn and the task worker, production
settings) against the bench database, driven by Locust's simulated people at 10, 25, 50 and 100
at once; prints per step the requests per second, p50/p95/p99 per kind of request, the errors
and the server processes' peak memory.

    make loadtest                                   # PostgreSQL, database cnqp_bench
    LOADTEST_USERS=10,25 LOADTEST_SECONDS=30 make loadtest
    LOADTEST_WORKERS=8 LOADTEST_THREADS=2 make loadtest
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cnqp_demo make loadtest

The bench database is filled as `make bench` fills it (the large demo, once, in minutes).
Locust runs from its own virtual environment (requirements/loadtest.lock) and imports nothing
of CNQP; plan.py tells it which pages each role opens.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.run import ensure_database  # noqa: E402  (sets the bench environment)

USERS = [int(n) for n in os.environ.get("LOADTEST_USERS", "10,25,50,100").split(",")]
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
# people arriving per second: a morning's log-ins (argon2, on purpose slow) spread out, not a
# stampede of them all in one second; the statistics start once everyone is there
SPAWN_RATE = int(os.environ.get("LOADTEST_SPAWN_RATE", "2"))
# as the README's deployment section runs gunicorn: 4 synchronous workers
WORKERS = int(os.environ.get("LOADTEST_WORKERS", "4"))
THREADS = int(os.environ.get("LOADTEST_THREADS", "1"))
LOCUST = ROOT / ".venv-loadtest" / "bin" / "locust"
OUT = ROOT / "var" / "loadtest"
PAGE_KINDS = ("dashboard", "my work", "list", "list search", "detail", "export", "report form",
              "report", "log in page")
# once a session, and slow on purpose: the password's hash (argon2) costs what it costs
UNTIMED = ("log in",)
GOALS = {"page": 250.0, "api": 100.0}  # p95 in ms (issue 22)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare() -> Path:
    """The bench data, the static files, the accounts and the plan (Django, in this process)."""
    import django

    ensure_database()
    django.setup()
    from django.core.management import call_command

    from benchmarks.context import BenchContext
    from benchmarks.loadtest import plan

    call_command("migrate", verbosity=0, interactive=False)
    BenchContext.prepare()
    call_command("collectstatic", verbosity=0, interactive=False)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "plan.json"
    path.write_text(json.dumps(plan.build(), ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if parent == pid:
                found.append(int(entry.name))
    return found


def _peak_kib(pid: int) -> int:
    """VmHWM: the resident set's high-water mark of a process."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Deployment:
    """gunicorn and the task worker, started as the README's deployment section starts them."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.processes: list[subprocess.Popen[bytes]] = []
        self.log = open(OUT / "server.log", "ab")  # noqa: SIM115  (open for the run's length)

    def start(self) -> str:
        python = ROOT / ".venv" / "bin" / "python"
        gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
        self.processes.append(subprocess.Popen(
            [str(gunicorn), "cnqp.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers",
             str(WORKERS), "--threads", str(THREADS), "--forwarded-allow-ips=127.0.0.1"],
            cwd=ROOT, stdout=self.log, stderr=self.log))
        self.processes.append(subprocess.Popen(
            [str(python), "manage.py", "job_worker", "--no-startup-delay"],
            cwd=ROOT, stdout=self.log, stderr=self.log))
        url = f"http://127.0.0.1:{self.port}"
        # the master listens before its workers have loaded the application: wait until
        # every worker has answered once, or the first step measures their start-up
        answered = 0
        for _ in range(240):
            try:
                with urllib.request.urlopen(url + "/login/", timeout=30) as response:
                    answered += response.status == 200
            except OSError:
                time.sleep(0.5)
            if answered >= 3 * WORKERS:
                return url
        raise RuntimeError(f"gunicorn did not answer on {url}; see {OUT / 'server.log'}")

    def peak_memory_mib(self) -> float:
        """The peak resident memory of the server processes together (MiB)."""
        pids = [p.pid for p in self.processes]
        pids += [child for p in self.processes for child in _children(p.pid)]
        return sum(_peak_kib(pid) for pid in pids) / 1024

    def stop(self) -> None:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.log.close()


def drive(url: str, plan: Path, users: int) -> list[dict[str, str]]:
    prefix = OUT / f"u{users}"
    ramp = -(-users // SPAWN_RATE)  # seconds until everyone is at work: not measured
    env = {**os.environ, "LOADTEST_PLAN": str(plan)}
    subprocess.run(
        [str(LOCUST), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
         "--host", url, "-u", str(users), "-r", str(SPAWN_RATE), "--reset-stats",
         "--run-time", f"{ramp + SECONDS}s", "--csv", str(prefix), "--only-summary",
         "--loglevel", "WARNING", "--exit-code-on-error", "0"],
        env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores"


def table(users: int, rows: list[dict[str, str]], memory: float) -> list[str]:
    lines = [f"\n{users} concurrent users ({SECONDS} s; {_load()}; server peak "
             f"{memory:,.0f} MiB)",
             f"{'kind':<14}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}"
             f"{'p99 ms':>8}{'errors':>8}  goal p95"]
    for row in rows:
        name = row["Name"]
        kind = "page" if name in PAGE_KINDS else "api"
        timed = name not in ("Aggregated", *UNTIMED)
        goal = f"≤ {GOALS[kind]:.0f} ms" if timed else ""
        if timed and float(row["95%"] or 0) > GOALS[kind]:
            goal += "  (missed)"
        lines.append(f"{name:<14}{row['Request Count']:>9}{float(row['Requests/s']):>8.1f}"
                     f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
                     f"{row['Failure Count']:>8}  {goal}")
    return lines


def main() -> None:
    if not LOCUST.exists():
        sys.exit("Locust is missing: `make loadtest` installs it (requirements/loadtest.lock).")
    plan = prepare()
    report = [f"CNQP load test: gunicorn {WORKERS} workers, {THREADS} threads each, task worker, "
              f"{os.environ['DATABASE_URL'].rsplit('@', 1)[-1]}"]
    deployment = Deployment()
    try:
        url = deployment.start()
        for users in USERS:
            rows = drive(url, plan, users)
            report += table(users, rows, deployment.peak_memory_mib())
            print("\n".join(report[-len(rows) - 2:]), flush=True)
    finally:
        deployment.stop()
    (OUT / "report.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    print(f"\n{OUT / 'report.txt'}")


if __name__ == "__main__":
    main()
