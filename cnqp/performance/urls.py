from cnqp.core.records.urls import app_resource_urls
from cnqp.performance.views import completeness, projects, returns

app_name = "performance"

urlpatterns = [
    *returns.urlpatterns,
    *projects.urlpatterns,
    *completeness.urlpatterns,
    *app_resource_urls("performance"),
]
