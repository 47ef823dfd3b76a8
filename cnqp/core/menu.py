from django.utils.translation import gettext_lazy as _

from cnqp.core.site.context_processors import unread_badge
from cnqp.core.site.navigation import MenuGroup, MenuItem
from cnqp.core.work import total as waiting_total

menu = (
    MenuGroup(_("Overview"), (
        MenuItem(_("Home"), "core:home", icon="house"),
        MenuItem(_("My work"), "core:my-work", icon="inbox", badge=waiting_total),
        MenuItem(_("Notifications"), "core:notifications-list", "core.view_notification", "bell",
                 badge=unread_badge),
    ), weight=0, icon="house"),
    MenuGroup(
        _("System"),
        (
            MenuItem(_("Org units"), "core:org-units-list", "core.view_orgunit", "diagram-3"),
            MenuItem(_("Users"), "core:users-list", "core.view_user", "people"),
            MenuItem(_("Import org units"), "core:import-units", "core.add_orgunit", "upload"),
            MenuItem(_("Import users"), "core:import-users", "core.add_user", "upload"),
            MenuItem(_("Audit log"), "core:audit-list", "core.view_auditentry", "journal-check"),
            MenuItem(_("Background jobs"), "core:jobs-list", "core.view_job", "hourglass-split"),
        ),
        weight=90,
        icon="gear",
    ),
)
