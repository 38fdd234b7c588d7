"""The deploy check refuses the demo: its logins have a published password and a one-click page."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_data_off_in_deployment(app_configs, **kwargs):
    if not settings.DEMO_DATA_ALLOWED:
        return []
    return [
        Error(
            "DEMO_DATA_ALLOWED is on: the demo logins (a published password) and the one-click demo "
            "login page would be open.",
            hint="Use config.settings.production, or set DEMO_DATA_ALLOWED=false.",
            id="demo.E001",
        )
    ]
