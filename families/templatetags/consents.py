from django import template
from django.utils.translation import gettext as _

from families.access import consent_can_write
from families.models import ConsentScope
from families.selectors import consent_overview, guardians_current

register = template.Library()


def _no_invitation_reasons(*, course, rows) -> dict[int, str]:
    """Why a guardian of a closed course has no questionnaire invitation, by guardian id."""
    if course.phase != "closed" or course.source != "app":
        return {}
    invited = set(course.invitations.values_list("guardian_id", flat=True))
    consenting = {
        row.guardian.pk
        for row in rows
        for status in row.scopes
        if status.scope == ConsentScope.CONTACT_FOR_QUESTIONNAIRE and status.active is not None
    }
    reasons = {}
    for guardian in guardians_current(family=course.family):
        if guardian.pk in invited:
            continue
        if not guardian.has_custody:
            reasons[guardian.pk] = _("No questionnaire: the parent does not have custody and cannot give consent.")
        elif guardian.pk not in consenting:
            reasons[guardian.pk] = _(
                "No questionnaire: the parent has not consented to be contacted about the questionnaire."
            )
    return reasons


@register.inclusion_tag("families/partials/consent_section.html", takes_context=True)
def consent_course_section(context, course):
    """The course page's consents: per guardian with custody and scope, the status, the
    withdrawn consents as history, and why a guardian got no questionnaire."""
    user = context["user"]
    rows = consent_overview(family=course.family)
    reasons = _no_invitation_reasons(course=course, rows=rows)
    guardians = list(guardians_current(family=course.family))
    return {
        "course": course,
        "user": user,
        "rows": [(row, reasons.get(row.guardian.pk)) for row in rows],
        "without_custody": [(guardian, reasons.get(guardian.pk)) for guardian in guardians if not guardian.has_custody],
        "can_write": consent_can_write(user=user, course=course),
    }
