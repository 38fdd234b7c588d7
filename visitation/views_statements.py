"""The daycare leader's pages (Helsingør): the referrals awaiting her statement, and her
statement on one (visitation.services.daycare_statement_give)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError, domain_error_to_form
from hjemmepaed.organisation.models import Role
from hjemmepaed.ui.pagination import page_of
from visitation import selectors_statements as selectors
from visitation import services
from visitation.statement_forms import DaycareStatementForm

STATEMENTS_PER_PAGE = 50


@roles_required(Role.DAYCARE_LEADER)
def daycare_statement_list(request):
    page = page_of(request, selectors.daycare_statements_awaiting(user=request.user), per_page=STATEMENTS_PER_PAGE)
    audit_event_record(actor=request.user, action=Action.VIEW, object_type="daycare_statement_list")
    rows = [(course, selectors.children_shown(course=course, user=request.user)) for course in page.object_list]
    return render(request, "visitation/daycare_statement_list.html", {"rows": rows, "page": page})


@roles_required(Role.DAYCARE_LEADER)
def daycare_statement_give(request, pk: int):
    course = selectors.daycare_statement_course_get_for_user_or_404(user=request.user, pk=pk)
    statement = selectors.daycare_statement_of(user=request.user, course=course)
    form = DaycareStatementForm(request.POST or None, initial={"text": statement.text if statement else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.daycare_statement_give(acting_user=request.user, course=course, **form.cleaned_data)
        except DomainError as error:
            domain_error_to_form(form, error)
        else:
            messages.success(request, _("Your statement has been saved. You can revise it until the decision is made."))
            return redirect("daycare_statement_list")
    audit_event_record(  # the page shows the child's first name and age and the concern
        actor=request.user,
        action=Action.VIEW,
        object_type="referral",
        object_id=course.referral.pk,
        subject=course.family,
        municipality=course.municipality,
    )
    context = {
        "form": form,
        "course": course,
        "statement": statement,
        "children": selectors.children_shown(course=course, user=request.user),
        "open": course.phase == "referred",
    }
    return render(request, "visitation/daycare_statement_form.html", context)
