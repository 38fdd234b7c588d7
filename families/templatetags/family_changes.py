"""The course page's family section: the parents as they are now (custody, contact details),
the language and household, who left the family, and the changes since the referral."""

from django import template

from families.access import family_can_change
from families.selectors import family_changes, guardians_current, guardians_left

register = template.Library()


@register.inclusion_tag("courses/partials/family_section.html", takes_context=True)
def family_course_section(context, course):
    user = context["user"]
    family = course.family
    return {
        "course": course,
        "family": family,
        "guardians": list(guardians_current(family=family)),
        "left": list(guardians_left(family=family)),
        "changes": family_changes(family=family),
        "can_change": family_can_change(user=user, course=course),
        "show_contact": context.get("can_work", False),
    }
