"""The pagination helper and the DKFDS pagination component under every list."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from hjemmepaed.organisation.models import Municipality
from hjemmepaed.organisation.tests.factories import MunicipalityFactory
from hjemmepaed.ui.pagination import page_of
from hjemmepaed.ui.templatetags.pagination import page_items


@pytest.mark.parametrize(
    ("current", "total", "items"),
    [
        (1, 1, [1]),
        (3, 7, [1, 2, 3, 4, 5, 6, 7]),
        (2, 20, [1, 2, 3, 4, 5, None, 20]),
        (10, 20, [1, None, 9, 10, 11, None, 20]),
        (18, 20, [1, None, 16, 17, 18, 19, 20]),
    ],
)
def test_page_items_follow_dkfds(current, total, items):
    assert page_items(current, total) == items


@pytest.mark.django_db
@pytest.mark.parametrize(("asked", "shown"), [("2", 2), ("99", 3), ("abc", 1), ("", 1), (None, 1), ("-4", 3)])
def test_a_bad_page_number_is_the_first_or_the_last_page(asked, shown):
    MunicipalityFactory.create_batch(5)
    query = {} if asked is None else {"side": asked}
    page = page_of(RequestFactory().get("/", query), Municipality.objects.order_by("pk"), per_page=2)
    assert page.number == shown


@pytest.mark.django_db
def test_the_component_keeps_the_query_string_and_speaks_danish():
    MunicipalityFactory.create_batch(5)
    request = RequestFactory().get("/", {"phase": "started", "side": "2"})
    page = page_of(request, Municipality.objects.order_by("pk"), per_page=2)
    html = Template("{% load pagination %}{% pagination page %}").render(Context({"request": request, "page": page}))
    assert 'class="pagination mt-6" aria-label="Sider"' in html
    assert (
        'href="?phase=started&amp;side=1" class="button button-arrow button-previous" aria-label="Forrige side"' in html
    )
    assert 'href="?phase=started&amp;side=3" class="button button-arrow button-next" aria-label="Næste side"' in html
    assert 'aria-label="Side 2" aria-current="page">2</a>' in html
    assert "Side 2 af 3" in html and "Første side" in html and "Sidste side" in html


@pytest.mark.django_db
def test_one_page_shows_no_component():
    request = RequestFactory().get("/")
    page = page_of(request, Municipality.objects.order_by("pk"), per_page=2)
    assert (
        Template("{% load pagination %}{% pagination page %}")
        .render(Context({"request": request, "page": page}))
        .strip()
        == ""
    )
