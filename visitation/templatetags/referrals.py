from django import template
from django.utils.translation import gettext as _

from courses.access import can_see_visit_notes
from courses.timeline import TimelineEntry, timeline_sorted
from visitation.access import can_revise_referral
from visitation.selectors import intake_decisions_for_course, referral_for_course, referral_revisions_for_course
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


def _revision_text(revision) -> str:
    changes = []
    if revision.complexity != revision.previous_complexity:
        changes.append(
            _("complexity %(before)s → %(after)s")
            % {
                "before": revision.get_previous_complexity_display().lower(),
                "after": revision.get_complexity_display().lower(),
            }
        )
    if revision.section_52_decided != revision.previous_section_52_decided:
        changes.append(
            _("measures under § 52 decided") if revision.section_52_decided else _("no measures under § 52 decided")
        )
    return f"{_('Referral revised')}: {', '.join(changes)}"


@register.filter
def with_referral_revisions(timeline, course):
    """The course's timeline (`courses.timeline`) with the referral's revisions of complexity and
    § 52 in date order; the justification is the entry's note-like detail."""
    revisions = referral_revisions_for_course(course=course)
    entries = [
        TimelineEntry(revision.on, _revision_text(revision), revision.justification, str(revision.by))
        for revision in revisions
    ]
    return timeline_sorted([*timeline, *entries])
