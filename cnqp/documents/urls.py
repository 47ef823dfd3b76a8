from cnqp.core.imports.views import import_urls_for
from cnqp.core.records.urls import app_resource_urls
from cnqp.documents.imports import DocumentRegisterImporter, ProductTypeImporter
from cnqp.documents.views import file_urls

app_name = "documents"

import_urls = [
    *import_urls_for(ProductTypeImporter, "product-types", "documents:product-types-list"),
    *import_urls_for(DocumentRegisterImporter, "sets", "documents:sets-list"),
]

urlpatterns = [*import_urls, *file_urls, *app_resource_urls("documents")]
