from django import template
from django.utils import timezone

from courses import rules
from courses.access import can_work_on_course
from families.selectors import children_with_daycare_history

register = template.Library()


@register.inclusion_tag("courses/partials/family_children.html", takes_context=True)
def course_family_children(context, course):
    """The course page's children, as items of the family's list: age in months (or the expected
    birth), the current daycare and, for the staff, the earlier ones with their dates and the
    links to record a birth or a change of daycare."""
    user = context["user"]
    today = timezone.localdate()
    # The course page's selector has read them already (`courses.selectors.course_detail`).
    children = context.get("children")
    if children is None:
        children = children_with_daycare_history(family=course.family)
    return {
        "course": course,
        "rows": [
            (child, rules.age_in_months(child.birth_date, today) if child.birth_date else None) for child in children
        ],
        "can_work": can_work_on_course(user=user),
        "can_change": can_work_on_course(user=user) and course.family.anonymised_at is None,
    }
