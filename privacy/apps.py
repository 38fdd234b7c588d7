from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Retention and anonymisation, the family's request of access, and the audit log screen."""

    name = "privacy"
