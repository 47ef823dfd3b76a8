from cnqp.core.imports.views import import_urls_for
from cnqp.core.records.urls import app_resource_urls
from cnqp.performance.imports import ReturnImporter
from cnqp.performance.views import completeness, projects, returns

app_name = "performance"

urlpatterns = [
    *returns.urlpatterns,
    *projects.urlpatterns,
    *completeness.urlpatterns,
    *import_urls_for(ReturnImporter, "returns", "performance:returns-list"),
    *app_resource_urls("performance"),
]
