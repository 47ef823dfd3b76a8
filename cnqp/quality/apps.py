from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "cnqp.quality"
    label = "quality"
    verbose_name = _("Quality over the whole life")
