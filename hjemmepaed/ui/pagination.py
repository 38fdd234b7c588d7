"""One page of a list, cut in SQL: a COUNT and a LIMIT/OFFSET query, whatever the list's length.

Every list page takes its page number from the query string (`?side=`; nothing personal is in
it). A page number that is not a number shows the first page, one past the end the last page:
an old bookmark or a list that shrank never answers 404 or 500.
"""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PAGE_PARAMETER = "side"


def page_of(request, queryset: QuerySet, *, per_page: int, parameter: str = PAGE_PARAMETER) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get(parameter))
