"""PDF rendering fetches only the project's static files and prints typed text as text."""

import io

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from hjemmepaed.pdf import BASE_URL, StaticFilesOnlyFetcher, render_pdf

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
    assert not any("logo.svg" in url for url in fetcher.refused)


@pytest.mark.django_db
def test_typed_text_is_printed_as_text_and_triggers_no_fetch(monkeypatch):
    refused = []
    original = StaticFilesOnlyFetcher.fetch

    def spy(self, url, headers=None):
        try:
            return original(self, url, headers)
        except ValueError:
            refused.append(url)
            raise

    monkeypatch.setattr(StaticFilesOnlyFetcher, "fetch", spy)
    payload = '<img src="file:///etc/passwd">'
    pdf = render_pdf("pdf/base.html", {"title": payload, "municipality_name": "Svendborg"})
    text = _text(pdf)
    assert payload in text
    assert "Svendborg" in text
    assert refused == []
