"""Generated files in the database (`FILE_STORAGE=database`): what any server wrote, every server reads."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from reporting import services
from reporting.models import Report, ReportStatus, StoredFile
from reporting.storage import DatabaseStorage
from reporting.tests.factories import closed_course, ready_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "reporting.storage.DatabaseStorage"}}
    assert default_storage.__class__.__name__ == "DatabaseStorage"
    return DatabaseStorage()


def test_a_saved_file_is_read_back_sized_listed_and_deleted(database_storage):
    name = database_storage.save("reports/rapport-7.pdf", ContentFile(b"%PDF-1.7 seven\n"))
    assert name == "reports/rapport-7.pdf"
    assert database_storage.exists(name) and database_storage.size(name) == 15
    with database_storage.open(name) as handle:
        assert handle.read() == b"%PDF-1.7 seven\n"
    assert database_storage.listdir("") == (["reports"], [])
    assert database_storage.listdir("reports") == ([], ["rapport-7.pdf"])
    assert database_storage.get_created_time(name) == StoredFile.objects.get().created_at
    database_storage.delete(name)
    assert not database_storage.exists(name) and StoredFile.objects.count() == 0
    database_storage.delete(name)  # deleting what is gone is no error, as on a disk


def test_a_taken_name_gets_a_new_one_and_a_missing_file_is_not_found(database_storage):
    first = database_storage.save("reports/a.pdf", ContentFile(b"1"))
    second = database_storage.save("reports/a.pdf", ContentFile(b"2"))
    assert first != second and StoredFile.objects.count() == 2
    with pytest.raises(FileNotFoundError):
        database_storage.open("reports/missing.pdf")
    with pytest.raises(FileNotFoundError):
        database_storage.size("reports/missing.pdf")
    with pytest.raises(ValueError):
        database_storage.open(first, "wb")


def test_a_report_built_into_the_database_is_downloaded_from_it_and_audited(
    database_storage, client, municipality, coordinator, fast_pdf, django_capture_on_commit_callbacks, settings
):
    closed_course(coordinator=coordinator, visitation=date(2025, 1, 1), start=date(2025, 1, 5), end=date(2025, 3, 1))
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_order(
            acting_user=manager, municipalities=[municipality], cohort_kind="closed_in_year", year=2025
        )
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    stored = StoredFile.objects.get()
    assert (stored.name, bytes(stored.content)) == (f"reports/rapport-{report.pk}.pdf", b"%PDF-1.7 test\n")
    settings.MEDIA_ROOT = "/nonexistent/no-disk-here"  # another server: nothing on its own disk
    client.force_login(manager)
    response = client.get(reverse("report_download_pdf", args=[report.pk]))
    assert response.status_code == 200 and response.streaming
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test\n"
    assert response["Content-Disposition"] == f'attachment; filename="rapport-{report.pk}.pdf"'
    assert AuditEvent.objects.filter(action="download", object_type="report", object_id=str(report.pk)).count() == 1


def test_a_rebuild_after_a_cut_off_one_replaces_its_leftover_file_instead_of_adding_a_second(
    database_storage, municipality, coordinator, fast_pdf
):
    closed_course(coordinator=coordinator, visitation=date(2025, 1, 1), start=date(2025, 1, 5), end=date(2025, 3, 1))
    report = ready_report(user=coordinator, municipalities=[municipality])
    # The worker died after writing the file and before committing the report as ready.
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RENDERING, pdf="")
    assert services.report_build(report_id=report.pk) is True
    [stored] = StoredFile.objects.all()
    assert (stored.name, bytes(stored.content)) == (f"reports/rapport-{report.pk}.pdf", b"%PDF-1.7 test\n")
