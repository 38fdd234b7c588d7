from django import template

from surveys.selectors import invitations_for_course

register = template.Library()


@register.inclusion_tag("surveys/partials/course_invitations.html", takes_context=True)
def invitation_course_section(context, course):
    """The course page's questionnaire section: each parent's invitation and its status, never the
    answers. Nothing when the course has no invitations."""
    return {"course": course, "user": context["user"], "invitations": invitations_for_course(course=course)}
