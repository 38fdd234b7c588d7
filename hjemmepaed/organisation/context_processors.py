"""The navigation each person sees, built from the lists of pages of the roles she holds."""

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
        ("survey_translations", _("Questionnaire languages")),
        ("report_list", _("Reports")),
    ],
    # Her statements on referrals of her daycare's children (visitation, where the model asks).
    Role.DAYCARE_LEADER: [("home", _("Overview")), ("daycare_statement_list", _("Statements"))],
    Role.ANALYST: [("home", _("National figures")), ("report_list", _("Reports"))],
    Role.ADMINISTRATOR: [
        ("home", _("Overview")),
        ("staff_list", _("Staff")),
        ("admin:index", _("Administration")),
    ],
}


# Whose list leads when a person holds several roles: the widest first.
ROLE_ORDER = (
    Role.ADMINISTRATOR,
    Role.ANALYST,
    Role.COORDINATOR,
    Role.MANAGER,
    Role.HOME_EDUCATOR,
    Role.DAYCARE_LEADER,
)


def navigation_items(roles) -> list[tuple[str, str]]:
    """The pages of every role held, each once: the widest role's list, and each further page
    after the page it follows in its own role's list (an educator-coordinator's "Mine forløb"
    comes right after "Overblik")."""
    items: list[tuple[str, str]] = []
    for role in ROLE_ORDER:
        if role not in roles:
            continue
        position = 0
        for name, label in NAVIGATION[role]:
            names = [item[0] for item in items]
            if name in names:
                position = names.index(name) + 1
                continue
            if not items:
                position = 0
            elif position == 0 and names[0] == "home":
                position = 1
            items.insert(position, (name, label))
            position += 1
    return items


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
    for name, label in navigation_items(user.roles):
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
