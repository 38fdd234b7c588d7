"""The pages each role may open (`tests.browser.pages.html_pages`), found without rendering
the PDFs among them and kept per world and role.

`html_pages` opens every page of the matrix the role may open with Django's test client to
learn which answer with a page, and the downloads among them (a course summary, a reflection
sheet, an invitation letter, a family export) were rendered through WeasyPrint only to be left
out: some 13 s of a walk. Here WeasyPrint's part gives a stand-in PDF while the list is made;
the template is still rendered, and the view still answers with its PDF's content type, so the
list is the same. The walks in the browser then open the pages themselves, as before."""

from unittest import mock

from tests.browser.pages import html_pages

STAND_IN = b"%PDF-1.7\n% a stand-in: the list of pages needs only the content type\n"


def role_html_pages(world, role) -> list[str]:
    kept = world.__dict__.setdefault("_html_pages", {})
    if role not in kept:
        with mock.patch("hjemmepaed.pdf._render_with_time_limit", return_value=STAND_IN):
            kept[role] = html_pages(world, role)
    return list(kept[role])
