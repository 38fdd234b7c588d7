"""The search page (“Søg”): find a course by name, CPR number or course number.

What is typed travels only by POST (with the CSRF token) and never reaches a URL or a web
server's log: a valid search is kept in the session (`CourseSearch`, which holds a CPR number's
lookup hash, never the number) and the page comes back by GET, whose `?side=` pages through the
results in SQL. A refused search shows the form again with what was typed and writes no audit
event, as nothing was looked up; every page of results shown is one search event.
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.access import COURSE_STAFF
from courses.forms_search import CourseSearchForm
from courses.selectors import course_rows
from courses.selectors_search import CourseSearch, course_search
from hjemmepaed.access import roles_required
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.ui.pagination import page_of

SESSION_KEY = "course_search"
SEARCH_RESULTS_PER_PAGE = 25
TEMPLATE = "courses/course_search.html"


@roles_required(*COURSE_STAFF)
def course_search_page(request):
    if request.method == "POST":
        form = CourseSearchForm(request.POST)
        if not form.is_valid():
            return render(request, TEMPLATE, {"form": form})
        request.session[SESSION_KEY] = form.search.as_session()
        return redirect("search")
    search = CourseSearch.from_session(request.session.get(SESSION_KEY))
    if search is None:
        return render(request, TEMPLATE, {"form": CourseSearchForm()})
    page = page_of(request, course_search(user=request.user, search=search), per_page=SEARCH_RESULTS_PER_PAGE)
    rows = course_rows(courses=page.object_list)
    families = {row.course.family for row in rows}
    audit_event_record(
        actor=request.user,
        action=Action.SEARCH,
        object_type="course_search",
        # Every course found is of one family: the search concerns it (and its access request shows it).
        subject=families.pop() if len(families) == 1 and page.paginator.num_pages == 1 else None,
        criterion=" ".join(
            [
                search.criterion,
                ngettext("%(count)s course found.", "%(count)s courses found.", page.paginator.count)
                % {"count": page.paginator.count},
                _("Page %(number)s.") % {"number": page.number},
            ]
        ),
    )
    form = CourseSearchForm(initial={"text": search.shown_text})
    return render(request, TEMPLATE, {"form": form, "search": search, "page": page, "rows": rows})
