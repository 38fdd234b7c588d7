from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SdqConfig(AppConfig):
    name = "sdq"
    verbose_name = _("SDQ measurements")
