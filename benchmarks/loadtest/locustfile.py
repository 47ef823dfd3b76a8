"""The load test's people (Locust, run by benchmarks/loadtest/run.py): each logs in through the
log-in page as the account of a role and spends the day on the pages the plan lists for that
role (LOADTEST_PLAN, a JSON file from plan.py), with a person's pauses between them.

Requests are named by kind ("list", "detail", "trace api", ...), so the table reads per kind.
Imports nothing of CNQP: it drives the deployment over HTTP as a browser would."""

from __future__ import annotations

import json
import os
import random
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text(encoding="utf-8"))
# how the roles share the crowd: most people work in the enterprises and departments
ROLE_SHARE = {"enterprise_staff": 5, "department_staff": 3, "user_unit_staff": 2,
              "leadership": 1, "admin": 1, "auditor": 1}


class FormDefaults(HTMLParser):
    """The values a form would send as it stands: its inputs, checked boxes and selections."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self.values.append((name, ""))
        elif tag == "select" and name:
            self._select, self._first_option, self._chosen = name, None, False
        elif tag == "option" and self._select is not None:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a and not self._chosen:
                self.values.append((self._select, a.get("value", "")))
                self._chosen = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            if not self._chosen and self._first_option is not None:
                self.values.append((self._select, self._first_option))
            self._select = None


def form_values(html: str) -> list[tuple[str, str]]:
    parser = FormDefaults()
    parser.feed(html)
    return parser.values


def _csrf(html: str) -> str:
    return next((v for k, v in form_values(html) if k == "csrfmiddlewaretoken"), "")


class Person(HttpUser):
    """Someone of the directorate at work; the role is drawn by ROLE_SHARE."""

    wait_time = between(1, 4)

    def on_start(self) -> None:
        roles = [r for r in ROLE_SHARE if r in PLAN["roles"]]
        self.role = random.choices(roles, weights=[ROLE_SHARE[r] for r in roles])[0]
        self.pages: dict[str, list[str]] = PLAN["roles"][self.role]["pages"]
        page = self.client.get("/login/", name="log in page")
        sent = self.client.post(
            "/login/", name="log in",
            data={"csrfmiddlewaretoken": _csrf(page.text), "password": PLAN["password"],
                  "username": PLAN["roles"][self.role]["username"]},
            headers={"Referer": self.host + "/login/"})
        if "/login/" in sent.url:
            raise RuntimeError(f"{self.role} could not log in")

    def _open(self, kind: str) -> None:
        urls = self.pages.get(kind) or self.pages["dashboard"]
        self.client.get(random.choice(urls), name=kind if self.pages.get(kind) else "dashboard")

    @task(PLAN["weights"]["dashboard"])
    def dashboard(self) -> None:
        self._open("dashboard")

    @task(PLAN["weights"]["my work"])
    def my_work(self) -> None:
        self._open("my work")

    @task(PLAN["weights"]["list"])
    def list_page(self) -> None:
        self._open("list")

    @task(PLAN["weights"]["list search"])
    def list_search(self) -> None:
        self._open("list search")

    @task(PLAN["weights"]["detail"])
    def detail(self) -> None:
        self._open("detail")

    @task(PLAN["weights"]["api list"])
    def api_list(self) -> None:
        self._open("api list")

    @task(PLAN["weights"]["trace api"])
    def trace(self) -> None:
        self._open("trace api")

    @task(PLAN["weights"]["export"])
    def export(self) -> None:
        self._open("export")

    @task(PLAN["weights"]["report"])
    def report(self) -> None:
        """Asks for a report as the builder offers it (a job the task worker then runs), once
        a session: a department issues a few reports a day, not one a minute per person (each
        is seconds of the worker's CPU: DOCX, then PDF through LibreOffice), and a mix that
        asked for one every 85 s per person measured the worker, not the pages."""
        builders = self.pages.get("report")
        if not builders or getattr(self, "reported", False):
            return self._open("dashboard")
        self.reported = True
        form = self.client.get(builders[0], name="report form")
        with self.client.post(builders[0], data=form_values(form.text), name="report",
                              headers={"Referer": self.host + builders[0]},
                              catch_response=True) as sent:
            if sent.url and sent.url.rstrip("/").endswith(builders[0].rstrip("/")):
                sent.failure("the report builder refused its own defaults")
        return None
