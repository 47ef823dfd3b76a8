from cnqp.core.records.urls import app_resource_urls
from cnqp.quality.views import page_urls

app_name = "quality"

urlpatterns = [*page_urls, *app_resource_urls("quality")]
