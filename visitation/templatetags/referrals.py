from django import template

from courses.access import can_see_visit_notes
from visitation.selectors import referral_for_course

register = template.Library()


@register.inclusion_tag("visitation/partials/course_referral.html", takes_context=True)
def referral_course_section(context, course):
    """The course page's referral: who referred, the risk factors, complexity and § 52, and the
    concern in the referrer's words, which like a note is not shown to managers."""
    return {
        "course": course,
        "referral": referral_for_course(course=course),
        "show_notes": can_see_visit_notes(user=context["user"]),
    }
