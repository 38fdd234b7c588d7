from django import template

from families.access import consent_can_write
from families.models import ConsentScope
from families.selectors import consent_overview
from surveys.selectors import invitation_plan_for_course, invitation_reprints_for, invitations_for_course

register = template.Library()


@register.inclusion_tag("surveys/partials/course_invitations.html", takes_context=True)
def invitation_course_section(context, course):
    """The course page's questionnaire section: each parent's invitation and its status, never the
    answers. Nothing when the course has no invitations."""
    return {"course": course, "user": context["user"], "invitations": invitations_for_course(course=course)}


@register.inclusion_tag("surveys/partials/close_invitations.html", takes_context=True)
def invitation_close_preview(context, course):
    """The close page's promise, per guardian: an invitation when the course closes, or why not,
    with the way to record the missing consent (also after a "no" at the start-up meeting: a
    parent may change their mind). Read where the close reads it."""
    questionnaires, plans = invitation_plan_for_course(course=course)
    contact = ConsentScope.CONTACT_FOR_QUESTIONNAIRE
    declined = {
        row.guardian.pk: status.declined
        for row in consent_overview(family=course.family)
        for status in row.scopes
        if status.scope == contact and status.declined is not None
    }
    return {
        "declined": [(plan, declined.get(plan.guardian.pk)) for plan in plans],
        "course": course,
        "questionnaires": questionnaires,
        "plans": plans,
        "anyone_invited": any(plan.invited for plan in plans),
        "scope": ConsentScope.CONTACT_FOR_QUESTIONNAIRE,
        "can_write": consent_can_write(user=context["user"], course=course),
    }


@register.inclusion_tag("surveys/partials/reprints.html", takes_context=True)
def invitation_reprint_list(context):
    """Mine forløb's list of questionnaire letters to print again (a reminder by letter): the
    course and the reminder, no names; nothing when there are none."""
    return {"reprints": invitation_reprints_for(user=context["user"])}
