from django.utils.translation import gettext_lazy as _

from cnqp.core.site.navigation import MenuGroup, MenuItem

menu = (
    MenuGroup(
        _("Business and investment"),
        (
            MenuItem(_("Performance returns"), "performance:returns-list",
                     "performance.view_submission", "cash-stack"),
            MenuItem(_("Returns received"), "performance:completeness",
                     "performance.view_submission", "inboxes"),
            MenuItem(_("Import returns"), "performance:import-returns",
                     "performance.add_submission", "upload"),
            MenuItem(_("Investment projects"), "performance:projects-list",
                     "performance.view_project", "buildings"),
            MenuItem(_("Disbursements"), "performance:disbursements-list",
                     "performance.view_disbursement", "wallet2"),
            MenuItem(_("Project milestones"), "performance:milestones-list",
                     "performance.view_milestone", "signpost-split"),
        ),
        weight=47,
        icon="graph-up-arrow",
    ),
    MenuGroup(
        _("Business reference data"),
        (
            MenuItem(_("Return indicators"), "performance:indicators-list",
                     "performance.view_indicator", "list-ol"),
            MenuItem(_("Return schedules"), "performance:schedules-list",
                     "performance.view_schedule", "calendar-week"),
            MenuItem(_("Investment programmes"), "performance:programmes-list",
                     "performance.view_programme", "collection"),
        ),
        weight=92,
        icon="sliders",
    ),
)
