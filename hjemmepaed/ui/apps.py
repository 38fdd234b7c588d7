from django.apps import AppConfig


class UiConfig(AppConfig):
    """Site-wide interface pieces: the DKFDS template tags behind the crispy-forms pack."""

    name = "hjemmepaed.ui"
    label = "ui"
