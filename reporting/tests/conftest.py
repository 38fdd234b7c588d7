import pytest


@pytest.fixture
def fast_pdf(monkeypatch):
    """Skip WeasyPrint where a test is about something else than the PDF's content."""
    monkeypatch.setattr("reporting.services.render_pdf", lambda template, context: b"%PDF-1.7 test\n")


@pytest.fixture
def a_course_in_2025(coordinator):
    """One course closed in 2025, so that a report over 2025 has a cohort (an empty one is refused)."""
    from datetime import date

    from reporting.tests.factories import imported_course

    return imported_course(
        coordinator=coordinator,
        external_id="C-2025",
        start=date(2025, 2, 1),
        end=date(2025, 9, 1),
        visits=3,
        minutes=180,
    )
