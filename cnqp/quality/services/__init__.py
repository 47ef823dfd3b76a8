"""Every write of quality: typed verb_noun services that validate, then write and audit in one
transaction. Callers import from here."""

from cnqp.quality.services.actions import (
    check_effectiveness,
    close_action,
    create_action,
    delete_action,
    implement_action,
    open_action,
    start_action,
    update_action,
)
from cnqp.quality.services.field_reports import (
    add_photos,
    close_field_report,
    delete_field_report,
    delete_photo,
    file_field_report,
    open_nonconformance,
    update_field_report,
)
from cnqp.quality.services.nonconformances import (
    analyse_nonconformance,
    close_nonconformance,
    create_nonconformance,
    delete_nonconformance,
    update_nonconformance,
)
from cnqp.quality.services.recalls import issue_recall

__all__ = [
    "add_photos",
    "analyse_nonconformance",
    "check_effectiveness",
    "close_action",
    "close_field_report",
    "close_nonconformance",
    "create_action",
    "create_nonconformance",
    "delete_action",
    "delete_field_report",
    "delete_nonconformance",
    "delete_photo",
    "file_field_report",
    "implement_action",
    "issue_recall",
    "open_action",
    "open_nonconformance",
    "start_action",
    "update_action",
    "update_field_report",
    "update_nonconformance",
]
