"""`manage.py job_worker`: the task worker of CNQP (background imports and reports).

django-tasks-db's `db_worker` with its options, running `core.jobs.worker.Worker`: it
survives database outages and "too many connections" (reconnecting with a bounded back-off),
checks in every CNQP_WORKER_HEARTBEAT_SECONDS for `/healthz/worker`, and fails the jobs a
dead worker left running. Run it, not `db_worker`, whose jobs are never checked on.
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from cnqp.core.jobs.worker import Worker


class Command(db_worker.Command):
    help = ("Run the task worker: background jobs, reconnecting after database outages, "
            "checking in for /healthz/worker")

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--max-backoff", type=db_worker.valid_interval, default=10.0,
            help="The longest wait (seconds) between attempts while the database is "
                 "unavailable (default: %(default)r)")

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names, excluded_queue_names=excluded,
            interval=options["interval"], batch=options["batch"],
            backend_name=options["backend_name"], startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"], worker_id=options["worker_id"],
            heartbeat=settings.CNQP_WORKER_HEARTBEAT_SECONDS,
            max_backoff=options["max_backoff"])
        if options["reload"] and not options["batch"]:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":  # the child that polls
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
