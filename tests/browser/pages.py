"""The pages each role may open, for the walks over every page (the CSP walk, the no-English
check, the README tour)."""

from django.test import Client

from hjemmepaed.tests import test_access_matrix as matrix


def html_pages(world, role) -> list[str]:
    """The URLs of the matrix the role may open that answer with a page (not a download), one
    for each set of templates they are rendered from: pages of the same templates (a form for
    another object, a list with another filter) have the same markup and the same scripts, and
    the browser's walk over each page takes a second."""
    client = Client()
    client.force_login(world.users[role])
    urls = {}
    for case in matrix.CASES:
        if case.expected(role, "own") != 200:
            continue
        url = case.url(world, "own")
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            templates = frozenset(template.name for template in response.templates)
            assert templates, url  # every page is rendered from a template
            urls.setdefault(templates, url)
    return list(urls.values())
