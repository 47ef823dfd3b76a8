from cnqp.core.records.urls import app_resource_urls

app_name = "performance"

urlpatterns = [
    *app_resource_urls("performance"),
]
