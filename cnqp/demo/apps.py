from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cnqp.demo"
    label = "demo"
    verbose_name = "Demo data"
