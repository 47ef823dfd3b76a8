from cnqp.core.records.urls import app_resource_urls
from cnqp.directives.views import files

app_name = "directives"

urlpatterns = [
    *files.urlpatterns,
    *app_resource_urls("directives"),
]
