from django import template

from sdq.access import measurement_can_record, norm_set_can_choose
from sdq.selectors import course_sdq

register = template.Library()


@register.inclusion_tag("sdq/partials/course_section.html", takes_context=True)
def sdq_course_section(context, course):
    """The course page's SDQ section: each measurement's scores and bands, no item texts."""
    user = context["user"]
    return {
        "course": course,
        "user": user,
        "sdq": course_sdq(course=course),
        "can_record": measurement_can_record(user=user, course=course),
        "can_choose_norm_set": norm_set_can_choose(user=user),
    }
