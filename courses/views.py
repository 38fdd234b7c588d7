from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses import access, reminders, selectors, selectors_planning, services
from courses.access import COURSE_READERS, COURSE_STAFF
from courses.filters import CourseFilter
from courses.forms import (
    AdjustmentForm,
    CloseForm,
    ConcernNotificationForm,
    ConsentWithdrawForm,
    CorrectionForm,
    CourseVersionForm,
    CprRevealForm,
    ExtendForm,
    GoalFormSet,
    StartForm,
    TransferForm,
    VisitForm,
    VisitLogForm,
)
from courses.forms_search import CourseSearchForm
from courses.services import GoalData
from courses.timeline import course_timeline
from courses.variants import course_variant
from families import services as family_services
from families.forms import ConsentAnswersForm
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.formkeys import form_key_repeated
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.selectors import daycare_list_visible_to, educator_list_for_municipality
from hjemmepaed.ui.criteria import filter_criterion
from hjemmepaed.ui.pagination import page_of


def _audit_view(request, course, *, object_type="course", object_id=None, subject=None):
    """A page that shows the family's data was opened (or shown again with form errors)."""
    audit_event_record(
        actor=request.user,
        action=Action.VIEW,
        object_type=object_type,
        object_id=course.pk if object_id is None else object_id,
        subject=subject or course.family,
        municipality=course.municipality,
    )


MY_COURSES_PER_PAGE = 25
PLANNED_VISITS_PER_PAGE = 5
COURSES_PER_PAGE = 50
REMINDERS_PER_PAGE = 50


@roles_required(Role.HOME_EDUCATOR)
def my_courses(request):
    with_closed = request.GET.get("afsluttede") == "1"
    courses = selectors.my_course_list(
        courses=selectors.course_list_for_rows(user=request.user), with_closed=with_closed
    )
    page = page_of(request, courses, per_page=MY_COURSES_PER_PAGE)
    rows = selectors.course_rows(courses=page.object_list)
    visits = {
        name: page_of(request, visits(user=request.user), per_page=PLANNED_VISITS_PER_PAGE, parameter=parameter)
        for name, visits, parameter in (
            ("upcoming", selectors_planning.planned_visits_upcoming, "kommende"),
            ("overdue", selectors_planning.planned_visits_overdue, "overskredne"),
        )
    }
    audit_event_record(actor=request.user, action=Action.VIEW, object_type="course_list")
    context = {"rows": rows, "page": page, "with_closed": with_closed, "search_form": CourseSearchForm(), **visits}
    return render(request, "courses/my_courses.html", context)


@roles_required(Role.COORDINATOR, Role.MANAGER)
def course_list(request):
    courses = selectors.course_list_for_rows(user=request.user).order_by("phase", "-start_date", "-pk")
    course_filter = CourseFilter(
        request.GET or None,
        queryset=courses,
        educators=educator_list_for_municipality(user=request.user),
        daycares=daycare_list_visible_to(user=request.user),
    )
    page = page_of(request, course_filter.qs, per_page=COURSES_PER_PAGE)
    rows = selectors.course_rows(courses=page.object_list)
    audit_event_record(
        actor=request.user,
        action=Action.SEARCH,
        object_type="course_list",
        criterion=filter_criterion(course_filter.form, subject=_("Courses")),
    )
    context = {"filter": course_filter, "rows": rows, "page": page, "search_form": CourseSearchForm()}
    return render(request, "courses/course_list.html", context)


@roles_required(*COURSE_READERS)
def course_detail(request, pk: int):
    course = selectors.course_get_for_user_or_404(user=request.user, pk=pk)
    audit_event_record(
        actor=request.user,
        action=Action.VIEW,
        object_type="course",
        object_id=course.pk,
        subject=course.family,
        municipality=course.municipality,
    )
    context = selectors.course_detail(course=course)
    context["timeline"] = course_timeline(context)
    context["show_notes"] = access.can_see_visit_notes(user=request.user)
    context["can_work"] = access.can_work_on_course(user=request.user)
    context["can_coordinate"] = access.can_coordinate_course(user=request.user)
    return render(request, "courses/course_detail.html", context)


@roles_required(*COURSE_STAFF)
def visit_create(request, pk: int):
    course = selectors.course_get_for_user_or_404(user=request.user, pk=pk)
    form = VisitLogForm(request.POST or None, course=course)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_log(acting_user=request.user, course=course, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            repeated = form_key_repeated(visit)
            messages.success(request, _("The visit was already saved.") if repeated else _("The visit has been saved."))
            return redirect("course_detail", pk=course.pk)
    _audit_view(request, course)  # the form lists the family's goals
    return render(request, "courses/visit_form.html", {"form": form, "course": course})


@roles_required(*COURSE_STAFF)
def child_cpr_reveal(request, pk: int, child_pk: int):
    """Show one child's full CPR number after the user states why; audited, never cached."""
    course = selectors.course_get_for_user_or_404(user=request.user, pk=pk)
    child = get_object_or_404(course.family.children.select_related("family__municipality"), pk=child_pk)
    form = CprRevealForm(request.POST or None)
    cpr = None
    if request.method == "POST" and form.is_valid():
        try:
            cpr = family_services.child_cpr_reveal(
                acting_user=request.user, child=child, purpose=form.cleaned_data["purpose"]
            )
        except DomainError as error:
            domain_error_to_form(form, error)
    if cpr is None:  # the reveal itself is the service's event
        _audit_view(request, course, object_type="child", object_id=child.pk, subject=child)
    response = render(request, "courses/cpr_reveal.html", {"form": form, "course": course, "child": child, "cpr": cpr})
    patch_cache_control(response, no_store=True, private=True)
    return response


@roles_required(*COURSE_STAFF)
def visit_update(request, pk: int, visit_pk: int):
    visit = selectors.visit_get_for_user_or_404(user=request.user, course_pk=pk, pk=visit_pk)
    course = visit.course
    initial = {field: getattr(visit, field) for field in services.VISIT_FIELDS}
    initial["goals"] = list(visit.goals.all())
    form = VisitForm(request.POST or None, course=course, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_update(acting_user=request.user, visit=visit, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("The visit has been saved."))
            return redirect("course_detail", pk=course.pk)
    _audit_view(request, course, object_type="visit", object_id=visit.pk)
    return render(request, "courses/visit_form.html", {"form": form, "course": course, "visit": visit})


@roles_required(*COURSE_STAFF)
def course_start(request, pk: int):
    course = selectors.course_get_for_user_or_404(user=request.user, pk=pk)
    form = StartForm(request.POST or None, initial={"version": course.version}, variant=course_variant(course))
    goals = GoalFormSet(request.POST or None, prefix="goals")
    consents = ConsentAnswersForm(request.POST or None, family=course.family, prefix="consents")
    if request.method == "POST" and all([form.is_valid(), goals.is_valid(), consents.is_valid()]):
        try:
            services.course_start(
                acting_user=request.user,
                course=course,
                goals=[GoalData(**goal.cleaned_data) for goal in goals if goal.cleaned_data],
                consent_answers=consents.answers(),
                **form.cleaned_data,
            )
        except DomainError as error:
            form.domain_error_add(error, course=course)
        else:
            messages.success(request, _("The course has started."))
            return redirect("course_detail", pk=course.pk)
    _audit_view(request, course)  # the form names the parents and their consents
    context = {
        "form": form,
        "goals": goals,
        "consents": consents,
        "course": course,
        "all_forms": [form, consents, goals],
        "formset_errors": goals.non_form_errors(),
    }
    return render(request, "courses/start_form.html", context)


@roles_required(*COURSE_STAFF)
def course_close(request, pk: int):
    course = selectors.course_get_for_user_or_404(user=request.user, pk=pk)
    form = CloseForm(
        request.POST or None,
        goals=course.goals.filter(ended_on__isnull=True),
        initial={"version": course.version},
        variant=course_variant(course),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.course_close(acting_user=request.user, course=course, **form.service_arguments())
        except DomainError as error:
            form.domain_error_add(error, course=course)
        else:
            messages.success(request, _("The course has been closed."))
            return redirect("course_detail", pk=course.pk)
    _audit_view(request, course)  # the form shows the course's goals
    context = {
        "form": form,
        "course": course,
        "planned_visits": selectors.course_planned_visits(course=course),
        "ended_goals": list(course.goals.filter(ended_on__isnull=False)),
    }
    return render(request, "courses/close_form.html", context)


@roles_required(Role.HOME_EDUCATOR, Role.COORDINATOR)
def reminder_list(request):
    if request.method == "POST":
        reminders.reminders_mark_read(user=request.user)
        return redirect("reminder_list")
    page = page_of(request, reminders.reminder_list_for(user=request.user), per_page=REMINDERS_PER_PAGE)
    audit_event_record(actor=request.user, action=Action.VIEW, object_type="reminder_list")
    context = {"reminders": reminders.reminder_rows(page.object_list), "page": page}
    return render(request, "courses/reminder_list.html", context)


@dataclass(frozen=True)
class CourseAction:
    """One action on a course: its form, the one service it calls, and who may do it."""

    form: type
    service: Callable
    roles: tuple
    title: str
    done: str
    form_kwargs: Callable = field(default=lambda request, course: {})
    repeated: str = ""  # the message when a form sent once (hjemmepaed.formkeys) came again


COURSE_ACTIONS = {
    "course_transfer": CourseAction(
        TransferForm,
        services.course_transfer,
        (Role.COORDINATOR,),
        gettext_lazy("Transfer to another home educator"),
        gettext_lazy("The course has been transferred."),
        lambda request, course: {"educators": educator_list_for_municipality(user=request.user)},
    ),
    "course_extend": CourseAction(
        ExtendForm,
        services.course_extend,
        (Role.COORDINATOR,),
        gettext_lazy("Extend the course"),
        gettext_lazy("The course has been extended."),
    ),
    "course_adjust": CourseAction(
        AdjustmentForm,
        services.course_adjust,
        COURSE_STAFF,
        gettext_lazy("Record an adjustment"),
        gettext_lazy("The adjustment has been recorded."),
        repeated=gettext_lazy("The adjustment was already recorded."),
    ),
    "concern_notification": CourseAction(
        ConcernNotificationForm,
        services.concern_notification_record,
        COURSE_STAFF,
        gettext_lazy("Record a notification of concern"),
        gettext_lazy("The notification of concern has been recorded."),
        repeated=gettext_lazy("The notification of concern was already recorded."),
    ),
    "consent_withdraw": CourseAction(
        ConsentWithdrawForm,
        services.course_consent_withdraw,
        COURSE_STAFF,
        gettext_lazy("Consent withdrawn"),
        gettext_lazy(
            "The withdrawn consent has been recorded. The parents will not be asked to answer the questionnaire."
        ),
    ),
    "course_correct": CourseAction(
        CorrectionForm,
        services.course_correct_closed,
        (Role.COORDINATOR,),
        gettext_lazy("Correct the closed course"),
        gettext_lazy("The correction has been saved."),
        lambda request, course: {
            "initial": {
                "end_date": course.end_date,
                "end_reason": course.end_reason,
                "end_reason_detail": course.end_reason_detail,
            }
        },
    ),
}


def course_action_view(name: str):
    """The thin view of one course action: gate, form, one service, redirect."""
    action = COURSE_ACTIONS[name]

    @roles_required(*action.roles)
    def view(request, pk: int):
        course = selectors.course_get_for_user_or_404(user=request.user, pk=pk)
        kwargs = action.form_kwargs(request, course)
        if issubclass(action.form, CourseVersionForm):
            kwargs["initial"] = {**kwargs.get("initial", {}), "version": course.version}
        form = action.form(request.POST or None, **kwargs)
        if request.method == "POST" and form.is_valid():
            try:
                result = action.service(acting_user=request.user, course=course, **form.service_arguments())
            except DomainError as error:
                if isinstance(form, CourseVersionForm):
                    form.domain_error_add(error, course=course)
                else:
                    domain_error_to_form(form, error)
            else:
                messages.success(request, action.repeated if form_key_repeated(result) else action.done)
                return redirect("course_detail", pk=course.pk)
        return render(request, "courses/action_form.html", {"form": form, "course": course, "title": action.title})

    view.__name__ = name
    return view
