from cnqp.core.models.audit import AuditCheckpoint, AuditEntry
from cnqp.core.models.base import SearchableModel, TimestampedModel
from cnqp.core.models.jobs import Job
from cnqp.core.models.notifications import Notification, NotificationRead
from cnqp.core.models.org import OrgUnit
from cnqp.core.models.rollups import RollupRow
from cnqp.core.models.saved_filters import SavedFilter
from cnqp.core.models.users import ApiToken, LoginFailure, RecoveryCode, Role, User

__all__ = [
    "ApiToken",
    "AuditCheckpoint",
    "AuditEntry",
    "Job",
    "LoginFailure",
    "Notification",
    "NotificationRead",
    "OrgUnit",
    "RecoveryCode",
    "Role",
    "RollupRow",
    "SavedFilter",
    "SearchableModel",
    "TimestampedModel",
    "User",
]
