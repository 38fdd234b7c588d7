from django import template

from courses.access import can_work_on_course

register = template.Library()


@register.inclusion_tag("visitation/partials/course_pdfs.html", takes_context=True)
def course_pdf_links(context, course):
    """The course page's printouts (visitation/views_pdf.py): the course summary and, once the
    goals are agreed, the parents' reflection sheet; not offered to managers."""
    return {
        "course": course,
        "offered": can_work_on_course(user=context["user"]),
        "has_goals": course.goals.exists(),
    }
