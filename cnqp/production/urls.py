from cnqp.core.records.urls import app_resource_urls
from cnqp.production.views import custom_urls

app_name = "production"

urlpatterns = [*custom_urls, *app_resource_urls("production")]
