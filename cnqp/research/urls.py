from cnqp.core.records.urls import app_resource_urls
from cnqp.research.views import page_urls

app_name = "research"

urlpatterns = [*page_urls, *app_resource_urls("research")]
