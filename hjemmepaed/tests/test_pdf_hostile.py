"""Every PDF template, rendered through its real code path with hostile text in every free-text
field: nothing fetched outside the static files, nothing embedded, the payload printed as text,
within the time limit. New PDF templates are found by themselves (see `pdf_templates`)."""

import io
import re
import time

import pytest
from django.conf import settings
from pypdf import PdfReader

from hjemmepaed import pdf as pdf_module
from hjemmepaed.pdf import BASE_URL, PdfRenderTimeout, StaticFilesOnlyFetcher
from hjemmepaed.tests.hostile_pdf import PAYLOADS, fetches  # noqa: F401 (a fixture)
from hjemmepaed.tests.test_access_matrix import _app_modules

CASES = {case.template: case for module in _app_modules("pdf_cases") for case in module.CASES}
SKIP_DIRS = {".venv", "node_modules", "var", "staticfiles", "benchmarks", "tests", ".git"}
RENDER_CALL = re.compile(r"render_pdf\(\s*[\"']([^\"']+)[\"']")
EXTENDS_PDF_BASE = re.compile(r"{%\s*extends\s+[\"']pdf/base\.html[\"']\s*%}")


def _project_files(pattern: str):
    for path in settings.BASE_DIR.rglob(pattern):
        if not SKIP_DIRS & set(path.relative_to(settings.BASE_DIR).parts):
            yield path


def pdf_templates() -> set[str]:
    """Every template named in a `render_pdf(...)` call and every template built on the PDF base."""
    found = set()
    for path in _project_files("*.py"):
        found |= set(RENDER_CALL.findall(path.read_text()))
    for path in _project_files("*.html"):
        if EXTENDS_PDF_BASE.search(path.read_text()):
            templates_dir = next(parent for parent in path.parents if parent.name == "templates")
            found.add(path.relative_to(templates_dir).as_posix())
    return found


def test_every_pdf_template_has_a_hostile_input_case():
    templates = pdf_templates()
    assert {"surveys/letter.html", "reporting/pdf/report.html"} <= templates  # the search works
    missing = templates - set(CASES)
    assert missing == set(), (
        f"PDF templates without a case in <app>/tests/pdf_cases.py: {sorted(missing)} "
        "(see hjemmepaed/tests/hostile_pdf.py)"
    )


def embedded_files(pdf: bytes) -> list[str]:
    """Files embedded in the document or attached to a page."""
    reader = PdfReader(io.BytesIO(pdf))
    found = []
    names = reader.trailer["/Root"].get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        found.append("/EmbeddedFiles")
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            if annotation.get_object().get("/Subtype") == "/FileAttachment":
                found.append(f"file attachment on page {number}")
    return found


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def printed_in(pdf: bytes, text: str) -> bool:
    """Whether the document prints `text` (whitespace aside), read page by page up to the first
    page that completes it: the same answer as searching the whole document's text, without
    extracting all ten pages of a report (a third of a second each) when the cover has it."""
    wanted, read = _squeezed(text), ""
    for page in PdfReader(io.BytesIO(pdf)).pages:
        read += _squeezed(page.extract_text())
        if wanted in read:
            return True
    return False


@pytest.fixture
def timeouts(monkeypatch):
    """The renderings the time limit stopped, as (limit, length of the HTML); the limit is enforced
    in this process."""
    stopped = []
    original = pdf_module._render_with_time_limit

    def watched(html, time_limit):
        try:
            return original(html, time_limit)
        except PdfRenderTimeout:
            stopped.append((time_limit, len(html)))
            raise

    monkeypatch.setattr(pdf_module, "_render_with_time_limit", watched)
    return stopped


# A field without a maximum length holds the whole megabyte; WeasyPrint needs minutes for that
# much text (72 s for 1 MB of words on an idle core), so such a rendering must be stopped by the
# time limit, kept short here to keep the suite fast: any limit shows that the rendering is
# stopped, and the stopped child burns a core until then.
HUGE_PAYLOAD_TIME_LIMIT = 2
# The documents whose fields hold only the first characters still render within their limit:
# the report, the slowest, in 2-7 s on this 2-core machine with a load of 8, but once in 10+ s
# with five test runs at once on its two cores, so they get more room (they are not stopped, so
# the larger limit costs no waiting). The course summary and reflection sheet print at most the
# first characters of every field (visitation/selectors_summary.py), the letter only names.
HUGE_PAYLOAD_TIME_LIMIT_FOR = {
    "reporting/pdf/report.html": 30,
    "surveys/letter.html": 30,
    "visitation/pdf/course_summary.html": 30,
    "visitation/pdf/reflection_sheet.html": 30,
}


@pytest.mark.django_db
@pytest.mark.parametrize("payload_name", PAYLOADS)
@pytest.mark.parametrize("template", sorted(CASES))
def test_hostile_text_is_printed_as_text_and_fetches_nothing(template, payload_name, fetches, timeouts, settings):
    if payload_name == "one-megabyte":
        limit = HUGE_PAYLOAD_TIME_LIMIT_FOR.get(template, HUGE_PAYLOAD_TIME_LIMIT)
        settings.PDF_RENDER_TIME_LIMIT = settings.PDF_RENDER_TIME_LIMIT_IN_REQUEST = limit
    limit = settings.PDF_RENDER_TIME_LIMIT
    started = time.monotonic()
    rendered = CASES[template].render(PAYLOADS[payload_name])
    assert time.monotonic() - started < limit + 30  # the data's set-up included
    static_prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
    outside = [(verdict, url) for verdict, url in fetches() if verdict != "served" or not url.startswith(static_prefix)]
    assert outside == []
    if rendered is None:
        assert payload_name == "one-megabyte" and timeouts, "no PDF, and not because of the time limit"
        # The limit stopped the whole megabyte, not a small document on a busy machine.
        assert all(size > len(PAYLOADS[payload_name]) for _, size in timeouts), timeouts
        return
    assert timeouts == []
    assert rendered.pdf.startswith(b"%PDF")
    assert embedded_files(rendered.pdf) == []
    assert printed_in(rendered.pdf, _squeezed(rendered.printed)[:200]), "the payload is not printed as text"


def test_the_checks_would_see_an_attachment_and_a_refused_fetch(fetches):
    """The same checks on markup that is not escaped: they are not blind."""
    from weasyprint import HTML

    html = PAYLOADS["img-file"] + '<link rel="attachment" href="/static/css/pdf.css">'
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnlyFetcher()).write_pdf()
    assert embedded_files(pdf) == ["/EmbeddedFiles"]
    assert ["refused", "file:///etc/passwd"] in fetches()
