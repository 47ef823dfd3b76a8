from django.utils.translation import gettext_lazy as _

from cnqp.core.site.navigation import MenuGroup, MenuItem

menu = (
    MenuGroup(
        _("Press coverage"),
        (
            MenuItem(_("Press items"), "press:items-list", "press.view_pressitem", "newspaper"),
            MenuItem(_("Import press items"), "press:import-items", "press.add_pressitem",
                     "upload"),
        ),
    ),
)
