from cnqp.core.records.urls import app_resource_urls
from cnqp.reports.views import page_urls

app_name = "reports"

urlpatterns = [*page_urls, *app_resource_urls("reports")]
