from cnqp.core.imports.views import import_urls_for
from cnqp.core.records.urls import app_resource_urls
from cnqp.press.imports import PressItemImporter
from cnqp.press.views import files

app_name = "press"

urlpatterns = [
    *files.urlpatterns,
    *import_urls_for(PressItemImporter, "items", "press:items-list"),
    *app_resource_urls("press"),
]
