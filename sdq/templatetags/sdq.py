from django import template

from courses.models import Phase
from hjemmepaed.organisation.models import Role
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
        "can_record": user.role != Role.MANAGER and course.phase in (Phase.STARTED, Phase.CLOSED),
    }
