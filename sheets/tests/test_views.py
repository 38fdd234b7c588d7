"""The registration sheet's pages: upload, dry run, confirm; export and templates."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from courses.models import Course
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from sheets import cells as sheet_cells
from sheets import columns as sheet
from sheets.models import SheetUpload
from sheets.tests.factories import course_csv


def _upload(client, content, *, name="ark.csv", url="sheet_import_courses"):
    return client.post(reverse(url), {"file": SimpleUploadedFile(name, content)})


def test_upload_dry_run_then_confirm(logged_in):
    response = _upload(logged_in, course_csv([{}, {sheet.COURSE_ID: "K-2"}]))
    upload = SheetUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("sheet_upload_review", args=[upload.pk])

    page = logged_in.get(response["Location"]).content.decode()
    assert "Arket har ingen fejl." in page
    assert "Indlæs 2 rækker" in page
    assert not Course.objects.exists()

    response = logged_in.post(reverse("sheet_upload_review", args=[upload.pk]))
    assert response["Location"] == reverse("sheet_upload_review", args=[upload.pk])
    response = logged_in.get(response["Location"])
    assert "2 rækker blev indlæst. 0 rækker fandtes allerede og er uændrede." in response.content.decode()
    assert Course.objects.count() == 2
    assert bytes(SheetUpload.objects.get().content) == b""  # the file is not kept once imported
    response = logged_in.post(reverse("sheet_upload_review", args=[upload.pk]), follow=True)
    assert "Filen er allerede indlæst, eller den gemmes ikke længere. Upload den igen." in html.unescape(
        response.content.decode()
    )
    assert Course.objects.count() == 2


def test_a_failing_dry_run_lists_the_problems_and_offers_a_new_upload(logged_in):
    response = _upload(logged_in, course_csv([{sheet.START_DATE: "snart"}]), url="sheet_import_courses")
    page = logged_in.get(response["Location"]).content.decode()

    assert "Arket har 1 fejl. Intet blev gemt." in page
    assert "Række 2, kolonne Startdato: “snart” er ikke en dato. Skriv den som DD-MM-ÅÅÅÅ." in page
    assert 'accept=".xlsx,.csv"' in page
    assert not Course.objects.exists()
    response = logged_in.post(response["Location"], follow=True)
    assert "Arket har 1 fejl." in response.content.decode()
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("ark.pdf", b"%PDF-1.4", "Upload en xlsx- eller csv-fil."),
        ("ark.xlsx", b"PK\x03\x04 broken", "xlsx-filen kan ikke læses. Gem den igen fra Excel, og upload den igen."),
        ("ark.csv", b"", "Filen er tom."),
        ("ark.csv", b"x" * (10 * 1024 * 1024 + 1), "Filen er større end 10 MB."),
    ],
)
def test_a_wrong_or_broken_file_is_a_danish_form_error(logged_in, name, content, message):
    response = _upload(logged_in, content, name=name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SheetUpload.objects.exists()


def test_answers_upload_goes_through_the_same_review(logged_in, shipped_questionnaires):
    from sheets.tests.factories import answers_csv

    response = _upload(logged_in, answers_csv([{}]), url="sheet_import_answers")
    assert SheetUpload.objects.get().kind == "answers"
    assert "Indlæs 1 række" in logged_in.get(response["Location"]).content.decode()


def test_another_coordinators_upload_is_not_found(client, coordinator, municipality):
    from sheets.services import sheet_upload_create

    upload = sheet_upload_create(acting_user=coordinator, kind="courses", content=course_csv([{}]))
    client.force_login(user_for_role(Role.COORDINATOR, municipality=municipality))

    assert client.get(reverse("sheet_upload_review", args=[upload.pk])).status_code == 404
    assert client.post(reverse("sheet_upload_review", args=[upload.pk])).status_code == 404


def test_an_upload_older_than_a_day_is_gone(logged_in, coordinator):
    from datetime import timedelta

    from sheets.services import sheet_upload_create

    old = sheet_upload_create(acting_user=coordinator, kind="courses", content=course_csv([{}]))
    SheetUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    assert logged_in.get(reverse("sheet_upload_review", args=[old.pk])).status_code == 404
    sheet_upload_create(acting_user=coordinator, kind="answers", content=course_csv([{}]))
    assert not SheetUpload.objects.filter(pk=old.pk).exists()


def test_manager_exports_but_does_not_import(client, municipality):
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))

    page = client.get(reverse("sheet_index")).content.decode()
    assert reverse("sheet_export") in page
    assert reverse("sheet_import_courses") not in page
    assert _upload(client, course_csv([{}])).status_code == 403


@pytest.mark.parametrize("role", [Role.HOME_EDUCATOR, Role.ANALYST, Role.ADMINISTRATOR])
def test_other_roles_get_403(client, municipality, role):
    client.force_login(user_for_role(role, municipality=municipality))

    for name in ("sheet_index", "sheet_export", "sheet_import_courses", "sheet_template_courses"):
        assert client.get(reverse(name)).status_code == 403


def test_export_download_has_an_impersonal_name_and_is_audited(logged_in, coordinator):
    from sheets.services import registration_sheet_import

    registration_sheet_import(acting_user=coordinator, content=course_csv([{}]), dry_run=False)

    response = logged_in.get(reverse("sheet_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="registreringsark-101-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    rows = sheet_cells.table_read(response.content)
    assert rows[0] == sheet.COURSE_COLUMNS
    assert rows[1][:2] == ["101", "K-1"]
    event = AuditEvent.objects.get(action="export")
    assert (event.object_type, event.actor, event.criterion) == (
        "registration_sheet",
        coordinator,
        "Registreringsark med 1 forløb.",
    )


def test_template_download(logged_in):
    response = logged_in.get(reverse("sheet_template_answers"))

    assert response["Content-Disposition"] == 'attachment; filename="skabelon-besvarelser.xlsx"'
    assert sheet_cells.table_read(response.content)[0] == sheet.ANSWER_COLUMNS


def test_imported_courses_open_in_the_course_list_and_page(logged_in, coordinator):
    from sheets.services import registration_sheet_import

    content = course_csv(
        [
            {},
            {
                sheet.COURSE_ID: "K-2",
                sheet.END_DATE: None,
                sheet.GOALS_REACHED: None,
                sheet.CHILD_DEVELOPED: None,
                sheet.END_REASON: None,
            },
        ]
    )
    registration_sheet_import(acting_user=coordinator, content=content, dry_run=False)

    assert logged_in.get(reverse("course_list")).status_code == 200
    for course in Course.objects.all():
        assert logged_in.get(reverse("course_detail", args=[course.pk])).status_code == 200
