import pytest


@pytest.fixture
def fast_pdf(monkeypatch):
    """Skip WeasyPrint where a test is about something else than the PDF's content."""
    monkeypatch.setattr("reporting.services.render_pdf", lambda template, context: b"%PDF-1.7 test\n")
