"""The navigation each role sees, built from the role's own list of pages."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hjemmepaed.organisation.models import Role

NAVIGATION = {
    Role.HOME_EDUCATOR: [
        ("my_courses", _("My courses")),
        ("search", _("Search")),
        ("reminder_list", _("Reminders")),
    ],
    Role.COORDINATOR: [
        ("home", _("Overview")),
        ("intake_queue", _("Intake")),
        ("course_list", _("Courses")),
        ("search", _("Search")),
        ("reminder_list", _("Reminders")),
        ("daycare_list", _("Daycares")),
        ("staff_list", _("Staff")),
        ("survey_settings", _("Questionnaires")),
        ("variant_settings", _("Our model")),
        ("report_list", _("Reports")),
        ("audit_log", _("Audit log")),
    ],
    Role.MANAGER: [
        ("home", _("Overview")),
        ("course_list", _("Courses")),
        ("daycare_list", _("Daycares")),
        ("staff_list", _("Staff")),
        ("variant_settings", _("Our model")),
        ("report_list", _("Reports")),
    ],
    Role.ANALYST: [("home", _("National figures")), ("report_list", _("Reports"))],
    Role.ADMINISTRATOR: [
        ("home", _("Overview")),
        ("staff_list", _("Staff")),
        ("admin:index", _("Administration")),
    ],
}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    is_verified = getattr(user, "is_verified", None)
    if not (is_verified and is_verified()):
        # Before the second factor every page but its own steps is closed: no menu to them.
        return {"navigation": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for name, label in NAVIGATION.get(user.role, []):
        # A page's own item is "current"; the item of the section it lies in is "active",
        # e.g. "Dagtilbud" while creating a daycare (daycare_list -> daycare_*).
        section = name.rsplit("_", 1)[0] + "_" if "_" in name else name
        items.append(
            {
                "url": reverse(name),
                "label": label,
                "current": name == current,
                "active": name == current or current.startswith(section),
            }
        )
    return {"navigation": items}
