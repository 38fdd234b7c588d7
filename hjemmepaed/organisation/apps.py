from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "hjemmepaed.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        # The core's one app every other app needs: the place for the ORM's own amendments.
        from hjemmepaed.lookups import integer_lookups_register
        from hjemmepaed.organisation import checks  # noqa: F401  (registers the deploy checks)

        integer_lookups_register()
