"""Hostile input for every PDF template: what each app declares in `<app>/tests/pdf_cases.py`.

A case names the template `render_pdf` is given and a function that fills every free-text field
that reaches that template with a payload, renders through the real code path (the view, service
or task that builds the context) and returns the PDF with the text that must be printed.
`hjemmepaed/tests/test_pdf_hostile.py` finds every PDF template by itself and fails on one
without a case.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from hjemmepaed.pdf import StaticFilesOnlyFetcher

# Markup that WeasyPrint would act on if it were ever printed unescaped.
PAYLOADS = {
    "img-file": '<img src="file:///etc/passwd">',
    "link-attachment": '<link rel="attachment" href="file:///etc/passwd">',
    "css-url": '<div style="background:url(http://169.254.169.254/)">x</div>',
    "css-import": "<style>@import url(http://169.254.169.254/x.css);</style>",
    "svg-image": '<svg><image href="file:///etc/passwd"/></svg>',
    "huge-css-value": '<div style="width:99999999999px">x</div>',
    "one-megabyte": ('<b style="font-size:99999px">Lang</b> tekst ' * 30_000)[:1_000_000],
}


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    # The payload as the data holds it (a field with a maximum length holds its first characters).
    printed: str


@dataclass(frozen=True)
class PdfCase:
    template: str
    # None when the PDF was not made: allowed only when the time limit stopped the rendering.
    render: Callable[[str], "Rendered | None"]


def fit(model, field: str, payload: str) -> str:
    """The payload as `model.field` can hold it."""
    max_length = model._meta.get_field(field).max_length
    return payload[:max_length] if max_length else payload


@pytest.fixture
def fetches(monkeypatch, tmp_path):
    """Every URL the fetcher is asked for, and whether it served it. Rendering runs in a forked
    child, so the spy writes to a file the test reads afterwards."""
    log = tmp_path / "fetches.log"
    log.touch()
    original = StaticFilesOnlyFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except Exception:
            with open(log, "a") as handle:
                handle.write(f"refused {url}\n")
            raise
        with open(log, "a") as handle:
            handle.write(f"served {url}\n")
        return response

    monkeypatch.setattr(StaticFilesOnlyFetcher, "fetch", spy)
    return lambda: [line.split(" ", 1) for line in log.read_text().splitlines()]
