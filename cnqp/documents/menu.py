from django.utils.translation import gettext_lazy as _

from cnqp.core.site.navigation import MenuGroup, MenuItem

menu = (
    MenuGroup(
        _("Technical documents"),
        (
            MenuItem(_("Product types"), "documents:product-types-list",
                     "documents.view_producttype", "box-seam"),
            MenuItem(_("Document sets"), "documents:sets-list", "documents.view_documentset",
                     "journal-text"),
            MenuItem(_("Revisions"), "documents:revisions-list", "documents.view_revision",
                     "clock-history"),
            MenuItem(_("Usage rights"), "documents:usage-rights-list",
                     "documents.view_usageright", "key"),
            MenuItem(_("Copy register"), "documents:copies-list",
                     "documents.read_copy_register", "files"),
            MenuItem(_("Document access"), "documents:file-statistics",
                     "documents.read_copy_register", "bar-chart"),
            MenuItem(_("Import product types"), "documents:import-product-types",
                     "documents.add_producttype", "upload"),
            MenuItem(_("Import document sets"), "documents:import-sets",
                     "documents.add_documentset", "upload"),
            MenuItem(_("Import usage rights"), "documents:import-rights",
                     "documents.add_usageright", "upload"),
            MenuItem(_("Import revisions"), "documents:import-revisions",
                     "documents.approve_revision", "upload"),
        ),
        weight=20,
        icon="journal-text",
    ),
)
