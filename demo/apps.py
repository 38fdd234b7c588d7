from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"

    def ready(self):
        from demo import checks  # noqa: F401  (registers the deploy check)
