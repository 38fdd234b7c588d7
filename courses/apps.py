from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self) -> None:
        # The staff service (core) refuses to take the home educator's role from someone with
        # open courses through this check; the core cannot import the courses app.
        from courses.access import educator_role_removal_check
        from hjemmepaed.organisation.services import role_removal_check_register

        role_removal_check_register(educator_role_removal_check)
