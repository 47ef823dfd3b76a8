from django.utils.translation import gettext_lazy as _

from cnqp.core.site.navigation import MenuGroup, MenuItem

menu = (
    MenuGroup(
        _("Training"),
        (
            MenuItem(_("Training courses"), "training:courses-list",
                     "training.view_trainingcourse", "mortarboard"),
            MenuItem(_("Participants by unit"), "training:participations-list",
                     "training.view_participation", "people"),
            MenuItem(_("Import training courses"), "training:import-courses",
                     "training.add_trainingcourse", "upload"),
        ),
    ),
)
