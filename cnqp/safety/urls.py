from cnqp.core.records.urls import app_resource_urls
from cnqp.safety.views import due, figures, pages, summary

app_name = "safety"

urlpatterns = [
    *pages.urlpatterns,
    *due.urlpatterns,
    *figures.urlpatterns,
    *summary.urlpatterns,
    *app_resource_urls("safety"),
]
