from django import template

from courses.access import can_see_visit_notes
from visitation.access import can_revise_referral
from visitation.selectors import intake_decisions_for_course, referral_for_course
from visitation.services import REVISABLE_PHASES

register = template.Library()


@register.inclusion_tag("visitation/partials/course_referral.html", takes_context=True)
def referral_course_section(context, course):
    """The course page's referral: who referred, the risk factors, complexity and § 52 (as now
    assessed, with the value at the referral and each revision when revised), and the concern
    in the referrer's words, which like a note is not shown to managers (nor the revisions' why)."""
    referral = referral_for_course(course=course)
    revisions = list(referral.revisions.all()) if referral else []
    user = context["user"]
    return {
        "course": course,
        "referral": referral,
        "revisions": revisions,
        "decisions": intake_decisions_for_course(course=course) if referral else [],
        "current": revisions[-1] if revisions else referral,
        "show_notes": can_see_visit_notes(user=user),
        "can_revise": can_revise_referral(user=user) and course.phase in REVISABLE_PHASES,
    }
