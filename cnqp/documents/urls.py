from django.urls import path

from cnqp.core.imports.views import import_urls_for
from cnqp.core.records.urls import app_resource_urls
from cnqp.documents import views
from cnqp.documents.imports import (
    DocumentRegisterImporter,
    ProductTypeImporter,
    RevisionImporter,
    UsageRightImporter,
)

app_name = "documents"

urlpatterns = [
    *import_urls_for(ProductTypeImporter, "product-types", "documents:product-types-list"),
    *import_urls_for(DocumentRegisterImporter, "sets", "documents:sets-list"),
    *import_urls_for(UsageRightImporter, "rights", "documents:usage-rights-list"),
    *import_urls_for(RevisionImporter, "revisions", "documents:revisions-list"),
    path("revisions/<int:pk>/files/", views.upload_files, name="revisions-upload-files"),
    path("files/<int:pk>/download/", views.download_file, name="files-download"),
    path("files/<int:pk>/preview/", views.preview_file, name="files-preview"),
    path("files/<int:pk>/print/", views.print_file, name="files-print"),
    path("files/<int:pk>/remove/", views.remove_file, name="files-remove"),
    path("file-statistics/", views.file_statistics, name="file-statistics"),
    *app_resource_urls("documents"),
]
