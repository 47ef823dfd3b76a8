from django.utils.translation import gettext_lazy as _

from cnqp.core.site.navigation import MenuGroup, MenuItem

menu = (
    MenuGroup(
        _("Science and technology"),
        (
            MenuItem(_("Research projects"), "research:projects-list",
                     "research.view_researchproject", "kanban"),
            MenuItem(_("Pipeline"), "research:pipeline", "research.view_researchproject",
                     "diagram-3"),
            MenuItem(_("Figures and charts"), "research:figures",
                     "research.view_researchproject", "graph-up"),
            MenuItem(_("Project steps"), "research:steps-list",
                     "research.view_researchproject", "clock-history"),
            MenuItem(_("Initiatives"), "research:initiatives-list",
                     "research.view_initiative", "lightbulb"),
            MenuItem(_("Project register (XLSX)"), "research:register-export",
                     "research.view_researchproject", "file-earmark-spreadsheet"),
            MenuItem(_("Import projects"), "research:import-projects",
                     "research.add_researchproject", "upload"),
        ),
        weight=30,
        icon="lightbulb",
    ),
)
