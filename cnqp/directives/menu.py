from django.utils.translation import gettext_lazy as _

from cnqp.core.site.navigation import MenuGroup, MenuItem

menu = (
    MenuGroup(
        _("Resolutions and targets"),
        (
            MenuItem(_("Resolutions and directives"), "directives:directives-list",
                     "directives.view_directive", "flag"),
            MenuItem(_("Indicators"), "directives:indicators-list",
                     "directives.view_indicator", "bullseye"),
            MenuItem(_("Assigned tasks"), "directives:tasks-list", "directives.view_task",
                     "list-check"),
            MenuItem(_("Review conferences"), "directives:reviews-list",
                     "directives.view_review", "easel"),
            MenuItem(_("Import directives"), "directives:import-directives",
                     "directives.add_directive", "upload"),
            MenuItem(_("Import items and indicators"), "directives:import-indicators",
                     "directives.add_indicator", "upload"),
        ),
    ),
)
