from cnqp.core.imports.views import import_urls_for
from cnqp.core.records.urls import app_resource_urls
from cnqp.directives.imports import DirectiveImporter, IndicatorImporter
from cnqp.directives.views import files, review_report, trend

app_name = "directives"

urlpatterns = [
    *files.urlpatterns,
    *review_report.urlpatterns,
    *trend.urlpatterns,
    *import_urls_for(DirectiveImporter, "directives", "directives:directives-list"),
    *import_urls_for(IndicatorImporter, "indicators", "directives:indicators-list"),
    *app_resource_urls("directives"),
]
