"""Bigger sheets: a task checks an upload and another imports it, the review page following
both; task arguments are the upload's id only."""

import html
import inspect

import pytest
from django.urls import reverse

from courses.models import Course
from hjemmepaed.errors import DomainError
from sheets import cells, tasks
from sheets import columns as sheet
from sheets.models import SheetUpload, UploadStatus
from sheets.services import registration_sheet_import, sheet_upload_check, sheet_upload_create
from sheets.tests.factories import course_csv


def _csv_of(count: int) -> bytes:
    return course_csv([{sheet.COURSE_ID: f"K-{n}"} for n in range(count)])


def test_the_upload_is_checked_by_a_task_and_the_page_follows_its_progress(client, coordinator):
    client.force_login(coordinator)
    upload = sheet_upload_create(acting_user=coordinator, kind="courses", content=_csv_of(3))  # not committed yet

    page = html.unescape(client.get(reverse("sheet_upload_review", args=[upload.pk])).content.decode())
    assert "Filen kontrolleres" in page
    assert "Siden opdaterer sig selv." in page
    assert reverse("sheet_upload_status", args=[upload.pk]) in page
    status = client.get(reverse("sheet_upload_status", args=[upload.pk])).json()
    assert (status["status"], status["finished"]) == ("checking", False)

    tasks.sheet_upload_check.delay(upload.pk)

    status = client.get(reverse("sheet_upload_status", args=[upload.pk])).json()
    assert (status["status"], status["finished"]) == ("checked", True)
    assert "Indlæs 3 rækker" in client.get(reverse("sheet_upload_review", args=[upload.pk])).content.decode()


def test_the_check_records_its_progress_as_it_goes(coordinator, monkeypatch):
    from sheets.services import imports

    seen = []
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    upload = sheet_upload_create(acting_user=coordinator, kind="courses", content=_csv_of(5))
    original = SheetUpload.objects.filter

    def spy(*args, **kwargs):
        queryset = original(*args, **kwargs)
        update = queryset.update

        def recording_update(**fields):
            if "rows_done" in fields:
                seen.append((fields["rows_done"], fields["rows_total"]))
            return update(**fields)

        queryset.update = recording_update
        return queryset

    monkeypatch.setattr(SheetUpload.objects, "filter", spy)
    tasks.sheet_upload_check.delay(upload.pk)

    assert seen == [(1, 5), (3, 5), (5, 5)]  # rows 2, 4, 6 of the sheet


def test_the_task_arguments_are_the_uploads_id_only():
    for task in (tasks.sheet_upload_check, tasks.sheet_upload_import):
        assert list(inspect.signature(task.run).parameters) == ["upload_id"]


def test_a_task_that_breaks_leaves_a_danish_message_and_no_rows(logged_in, coordinator, monkeypatch):
    from sheets.services import uploads

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setitem(uploads.IMPORTERS, "courses", broken)
    upload = sheet_upload_create(acting_user=coordinator, kind="courses", content=_csv_of(2))
    with pytest.raises(RuntimeError):
        tasks.sheet_upload_check.delay(upload.pk)

    page = html.unescape(logged_in.get(reverse("sheet_upload_review", args=[upload.pk])).content.decode())
    assert "Filen kunne ikke kontrolleres eller indlæses. Intet blev gemt. Upload den igen." in page
    assert SheetUpload.objects.get().status == UploadStatus.FAILED
    assert not Course.objects.exists()


def test_a_sheet_at_the_row_limit_is_checked_whole_and_one_row_more_is_refused(coordinator, monkeypatch):
    """The limit is the 50,000 rows the municipalities' sheets need (the evaluation's had up to
    10,000). Here the limit is set to 300, so the suite does not spend its time on 50,000 rows:
    how fast they go is the benchmark's business, not a timed test's."""
    assert sheet.MAX_ROWS == 50_000
    monkeypatch.setattr(cells, "MAX_ROWS", 300)

    result = registration_sheet_import(acting_user=coordinator, content=_csv_of(300), dry_run=True)
    assert (result.problems, result.created) == ([], 300)

    with pytest.raises(DomainError) as refused:
        registration_sheet_import(acting_user=coordinator, content=_csv_of(301), dry_run=True)
    assert refused.value.message == "Arket har mere end 300 rækker. Del det op i mindre filer."


def test_a_sheet_over_50000_rows_is_refused_in_danish(coordinator):
    upload = sheet_upload_create(acting_user=coordinator, kind="courses", content=_csv_of(50_001))

    result = sheet_upload_check(upload_id=upload.pk)

    assert result.problems == ["Arket har mere end 50000 rækker. Del det op i mindre filer."]
    assert SheetUpload.objects.get().status == UploadStatus.CHECKED


def test_labels_are_looked_up_once_per_import_not_per_cell(coordinator, monkeypatch):
    calls = []
    labels = cells._labels
    monkeypatch.setattr(cells, "_labels", lambda *args, **kwargs: calls.append(1) or labels(*args, **kwargs))

    registration_sheet_import(acting_user=coordinator, content=_csv_of(1), dry_run=True)
    one_row = len(calls)
    calls.clear()
    registration_sheet_import(acting_user=coordinator, content=_csv_of(200), dry_run=True)

    assert len(calls) == one_row == 4  # recruiters, agreement, end reasons, the child's sex


def test_answer_labels_are_looked_up_once_per_import_not_per_cell(coordinator, shipped_questionnaires, monkeypatch):
    from sheets.services import national_answers_import
    from sheets.tests.factories import answers_csv

    calls = []
    labels = cells._labels
    monkeypatch.setattr(cells, "_labels", lambda *args, **kwargs: calls.append(1) or labels(*args, **kwargs))

    def check(count):
        calls.clear()
        rows = [{sheet.RESPONSE_ID: f"B-{n}"} for n in range(count)]
        result = national_answers_import(acting_user=coordinator, content=answers_csv(rows), dry_run=True)
        assert (result.problems, result.created) == ([], count)
        return len(calls)

    assert check(1) == check(50)
