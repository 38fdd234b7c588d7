"""The goals' changes in phase 3: add a goal, reword one, end one (courses.services.goals)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from courses import selectors, services
from courses.access import COURSE_STAFF
from courses.goal_forms import GoalAddForm, GoalEndForm, GoalRewordForm
from courses.views import _audit_view
from hjemmepaed.access import roles_required
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.formkeys import form_key_repeated


def _render(request, *, form, course, title, goal=None):
    context = {"form": form, "course": course, "goal": goal, "title": title}
    return render(request, "courses/goal_form.html", context)


@roles_required(*COURSE_STAFF)
def goal_add(request, pk: int):
    course = selectors.course_get_for_user_or_404(user=request.user, pk=pk)
    form = GoalAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_add(acting_user=request.user, course=course, **form.service_arguments())
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            repeated = form_key_repeated(goal)
            messages.success(request, _("The goal was already added.") if repeated else _("The goal has been added."))
            return redirect("course_detail", pk=course.pk)
    return _render(request, form=form, course=course, title=_("Add a goal"))


def _goal_change_view(*, form_class, service, title, done):
    @roles_required(*COURSE_STAFF)
    def view(request, pk: int, goal_pk: int):
        goal = selectors.goal_get_for_user_or_404(user=request.user, course_pk=pk, pk=goal_pk)
        course = goal.course
        form = form_class(request.POST or None, goal=goal)
        if request.method == "POST" and form.is_valid():
            try:
                service(acting_user=request.user, course=course, goal=goal, **form.service_arguments())
            except DomainError as error:
                domain_error_to_form(form, error)
            else:
                messages.success(request, done())
                return redirect("course_detail", pk=course.pk)
        _audit_view(request, course, object_type="goal", object_id=goal.pk)  # the page shows the goal
        return _render(request, form=form, course=course, title=title(), goal=goal)

    return view


goal_reword = _goal_change_view(
    form_class=GoalRewordForm,
    service=services.goal_reword,
    title=lambda: _("Reword the goal"),
    done=lambda: _("The goal has been reworded."),
)
goal_reword.__name__ = "goal_reword"
goal_end = _goal_change_view(
    form_class=GoalEndForm,
    service=services.goal_end,
    title=lambda: _("End the goal"),
    done=lambda: _("The goal has been ended."),
)
goal_end.__name__ = "goal_end"
