from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cnqp.api"
    label = "api"
    verbose_name = "API"
