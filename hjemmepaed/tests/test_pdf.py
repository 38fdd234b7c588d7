"""PDF rendering fetches only the project's static files, prints typed text as text, and is
stopped when it takes longer than its time limit."""

import io
import time

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from hjemmepaed import pdf as pdf_module
from hjemmepaed.pdf import BASE_URL, PdfRenderError, PdfRenderTimeout, StaticFilesOnlyFetcher, render_pdf
from hjemmepaed.tests.hostile_pdf import fetches  # noqa: F401 (a fixture)

HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="http://169.254.169.254/latest/meta-data/">',
    '<div style="background: url(http://169.254.169.254/)">x</div>',
    "<style>@import url(https://example.com/evil.css);</style>",
    '<img src="/static/../../../etc/passwd">',
]


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_fetcher_refuses_everything_outside_static_files():
    fetcher = StaticFilesOnlyFetcher()
    html = "<html><body>" + "".join(HOSTILE) + '<img src="/static/img/logo.svg"></body></html>'
    pdf = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert len(fetcher.refused) == len(HOSTILE)
    assert fetcher.served == [BASE_URL + "static/img/logo.svg"]


@pytest.mark.django_db
def test_typed_text_is_printed_as_text_and_triggers_no_fetch(fetches):
    payload = '<img src="file:///etc/passwd">'
    pdf = render_pdf("pdf/base.html", {"title": payload, "municipality_name": "Svendborg"})
    text = _text(pdf)
    assert payload in text
    assert "Svendborg" in text
    served = sorted(url.rsplit("/", 1)[-1] for verdict, url in fetches() if verdict == "served")
    assert served == [
        "IBMPlexSans-Regular.ttf",
        "IBMPlexSans-SemiBold.ttf",
        "logo.svg",
        "pdf.css",
    ]  # bold is SemiBold; TrueType, which WeasyPrint reads without unpacking a woff2 on every render
    assert all(verdict == "served" for verdict, _url in fetches())


def _slow_write_pdf(html):
    time.sleep(60)
    return b"%PDF never", 0


def test_a_render_over_the_time_limit_is_stopped(monkeypatch):
    monkeypatch.setattr(pdf_module, "_write_pdf", _slow_write_pdf)
    started = time.monotonic()
    with pytest.raises(PdfRenderTimeout):
        render_pdf("pdf/base.html", {"title": "Brev", "municipality_name": "Svendborg"}, time_limit=1)
    assert time.monotonic() - started < 10  # the child was killed, not waited for


def test_the_default_time_limit_comes_from_the_settings(monkeypatch, settings):
    settings.PDF_RENDER_TIME_LIMIT = 1
    monkeypatch.setattr(pdf_module, "_write_pdf", _slow_write_pdf)
    with pytest.raises(PdfRenderTimeout):
        render_pdf("pdf/base.html", {"title": "Brev", "municipality_name": "Svendborg"})


def test_a_failing_render_raises_without_the_details(monkeypatch):
    def broken(html):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf_module, "_write_pdf", broken)
    with pytest.raises(PdfRenderError):
        render_pdf("pdf/base.html", {"title": "Brev", "municipality_name": "Svendborg"})
