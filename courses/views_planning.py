"""Planning a series of visits on a course (courses/services/planning.py)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses import selectors, services
from courses.access import COURSE_STAFF
from courses.forms_planning import VisitSeriesForm
from hjemmepaed.access import roles_required
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.formkeys import form_key_repeated


def _series_messages(request, series) -> None:
    if form_key_repeated(series):
        messages.success(request, _("The series of visits was already planned."))
        return
    count = len(series.planned_dates)
    messages.success(
        request,
        ngettext("%(count)d visit has been planned.", "%(count)d visits have been planned.", count) % {"count": count},
    )
    if series.skipped_dates:
        days = ", ".join(date_format(day, "SHORT_DATE_FORMAT") for day in series.skipped_dates)
        messages.info(request, _("These days already had a planned visit and were skipped: %(days)s.") % {"days": days})


@roles_required(*COURSE_STAFF)
def visit_series_plan(request, pk: int):
    course = selectors.course_get_for_user_or_404(user=request.user, pk=pk)
    suggestion = services.series_suggestion(course=course, today=timezone.localdate())
    form = VisitSeriesForm(request.POST or None, suggestion=suggestion)
    if request.method == "POST" and form.is_valid():
        try:
            series = services.visit_series_plan(acting_user=request.user, course=course, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            _series_messages(request, series)
            return redirect("course_detail", pk=course.pk)
    return render(request, "courses/visit_series_form.html", {"form": form, "course": course})
