"""The course's printouts: the course summary for its staff and the reflection sheet the parents
keep (Thisted: "et refleksionsark sammen med forældrene, som forældrene kan beholde").

Home educators of the course and coordinators only: a manager reads the course page without
notes and gets no printout of the case (a printed case leaves the system's access control and
audit log; the manager's oversight is the course page and the reports).

Both are rendered while the user waits, like the other one-family PDFs (the letter, the request
of access): what they print is bounded (`visitation/selectors_summary.py`), so the request's time limit
(`PDF_RENDER_TIME_LIMIT_IN_REQUEST`) is ample, and a rendering stopped by it sends the user back to
the course page with a Danish message. The Celery path is for the evaluation reports, which
grow with a whole cohort. The file names carry the course number only; each download is an
audit event with the family as subject, written once the PDF is made.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from courses.access import COURSE_STAFF
from courses.selectors import course_get_for_user_or_404
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.pdf import PdfRenderTimeout, render_pdf
from visitation import selectors_summary


def _pdf_response(request, course, *, template: str, context: dict, object_type: str, filename: str):
    try:
        pdf = render_pdf(template, context, time_limit=settings.PDF_RENDER_TIME_LIMIT_IN_REQUEST)
    except PdfRenderTimeout:
        messages.error(request, _("The PDF could not be made in time. Try again in a moment."))
        return redirect("course_detail", pk=course.pk)
    audit_event_record(
        actor=request.user,
        action=Action.DOWNLOAD,
        object_type=object_type,
        object_id=course.pk,
        subject=course.family,
        municipality=course.municipality,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, no_store=True, private=True)
    return response


@roles_required(*COURSE_STAFF)
def course_summary_pdf(request, pk: int):
    """The whole case on paper: family, referral, start-up meeting, goals, visits, closure."""
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    context = selectors_summary.course_summary(course=course)
    context |= {
        "title": _("Course summary"),
        "municipality_name": course.municipality.authority_name,
        "made_by": request.user,
    }
    return _pdf_response(
        request,
        course,
        template="visitation/pdf/course_summary.html",
        context=context,
        object_type="course_summary",
        filename=f"forloeb-{course.pk}-resume.pdf",
    )


@roles_required(*COURSE_STAFF)
def reflection_sheet_pdf(request, pk: int):
    """The sheet the parents fill in with the home educator at the end and keep."""
    course = course_get_for_user_or_404(user=request.user, pk=pk)
    context = selectors_summary.reflection_sheet(course=course)
    if not context["goals"]:
        messages.error(
            request,
            _(
                "The reflection sheet lists the family's goals: it can be made once they are agreed at the start-up meeting."
            ),
        )
        return redirect("course_detail", pk=course.pk)
    context |= {"title": _("Reflection sheet"), "municipality_name": course.municipality.authority_name}
    return _pdf_response(
        request,
        course,
        template="visitation/pdf/reflection_sheet.html",
        context=context,
        object_type="reflection_sheet",
        filename=f"forloeb-{course.pk}-refleksionsark.pdf",
    )
