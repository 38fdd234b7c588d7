"""`{% pagination page %}`: the DKFDS pagination component under a list, with Danish labels.

The links keep the rest of the query string (a list's filters, its sort key) and change only
the page parameter.
"""

from django import template

register = template.Library()

# DKFDS shows every page up to seven; beyond that the first, the last, the current page's
# neighbours and "…" for the hidden ones.
ALL_PAGES_UP_TO = 7


def page_items(current: int, total: int) -> list[int | None]:
    """Page numbers to show, `None` where the component shows an ellipsis."""
    if total <= ALL_PAGES_UP_TO:
        return list(range(1, total + 1))
    if current < 5:
        return [*range(1, 6), None, total]
    if current + 4 > total:
        return [1, None, *range(total - 4, total + 1)]
    return [1, None, current - 1, current, current + 1, None, total]


@register.inclusion_tag("partials/pagination.html", takes_context=True)
def pagination(context, page, parameter="side", label=""):
    query = context["request"].GET.copy()

    def url(number: int) -> str:
        query[parameter] = number
        return "?" + query.urlencode()

    last = page.paginator.num_pages
    return {
        "page": page,
        "label": label,
        "items": [(number, number and url(number)) for number in page_items(page.number, last)],
        "first_url": url(1),
        "previous_url": page.has_previous() and url(page.previous_page_number()),
        "next_url": page.has_next() and url(page.next_page_number()),
        "last_url": url(last),
    }
