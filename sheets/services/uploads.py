"""An uploaded sheet between the dry run and the confirmation: kept, checked by a task, and
imported by another, the page following both (as a report's page follows its build).

The request only keeps the file, after the checks that cost nothing (its size, and an xlsx's
unpacked size and cells, `cells.xlsx_bounds_check`); reading up to 50,000 rows is the tasks'.
The dry run's result is kept on the upload and shown however often the page is opened. Task
arguments are the upload's id only.
"""

import hashlib
import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from sheets import cells, selectors
from sheets.access import sheet_import_check
from sheets.cells import SheetUnreadable
from sheets.columns import MAX_UPLOAD_BYTES, SHEET_UPLOAD_HOURS
from sheets.models import SheetKind, SheetUpload, UploadStatus
from sheets.rows import ImportResult
from sheets.services.imports import (
    ishoej_answers_import,
    national_answers_import,
    registration_rows_import,
    registration_sheet_import,
)
from sheets.services.sdq_imports import sdq_sheet_import

logger = logging.getLogger(__name__)

IMPORTERS = {
    SheetKind.COURSES: registration_sheet_import,
    SheetKind.ANSWERS: national_answers_import,
    SheetKind.ISHOEJ_ANSWERS: ishoej_answers_import,
    SheetKind.SDQ: sdq_sheet_import,
}
# The kinds whose dry run keeps its checked rows (`ImportResult.checked`), and their import of them.
ROWS_IMPORTERS = {SheetKind.COURSES: registration_rows_import}


def sheet_uploads_purge() -> int:
    deleted, _kinds = SheetUpload.objects.filter(
        created_at__lt=timezone.now() - timedelta(hours=SHEET_UPLOAD_HOURS)
    ).delete()
    return deleted


def _enqueue(task_name: str, upload_id: int) -> None:
    """Send the task; when the broker cannot be reached, the upload says so on its page."""
    from sheets import tasks

    try:
        getattr(tasks, task_name).delay(upload_id)
    except Exception:  # the broker's errors vary (kombu, redis, socket)
        logger.warning("Sheet upload %s could not be queued.", upload_id, exc_info=True)
        with translation.override("da"):
            error = _("The file cannot be checked or imported right now. Upload it again in a while.")
        SheetUpload.objects.filter(pk=upload_id).update(status=UploadStatus.FAILED, error=error)


@transaction.atomic
def sheet_upload_create(*, acting_user: User, kind: str, content: bytes) -> SheetUpload:
    """Keep the uploaded file and have a task check it. A file too big, or an xlsx that unpacks
    to too much, is refused here; the coordinator's previous upload of the same kind is replaced."""
    sheet_import_check(acting_user=acting_user)
    if kind not in SheetKind.values:
        raise DomainError(_("Unknown kind of sheet."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise DomainError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}, field="file"
        )
    if not content.strip():
        raise DomainError(_("The file is empty."), field="file")
    if content[:4] == b"PK\x03\x04":
        try:
            cells.xlsx_bounds_check(content)
        except SheetUnreadable as error:
            raise DomainError(str(error), field="file") from error
    sheet_uploads_purge()
    SheetUpload.objects.filter(uploaded_by=acting_user, kind=kind).delete()
    upload = SheetUpload.objects.create(
        municipality=acting_user.municipality,
        uploaded_by=acting_user,
        kind=kind,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )
    transaction.on_commit(lambda: _enqueue("sheet_upload_check", upload.pk))
    return upload


def _progress(upload_id: int):
    def record(done: int, total: int) -> None:
        SheetUpload.objects.filter(pk=upload_id).update(rows_done=done, rows_total=total)

    return record


def _locked(upload_id: int) -> SheetUpload | None:
    return SheetUpload.objects.select_for_update().filter(pk=upload_id).first()


def sheet_upload_check(*, upload_id: int) -> ImportResult | None:
    """The dry run of an uploaded file, made once (by the task) and kept on the upload, in
    Danish as the page shows it. None when the upload is gone."""
    upload = SheetUpload.objects.filter(pk=upload_id).first()
    if upload is None:
        return None
    if upload.result is not None:
        return ImportResult.from_json(upload.result)
    importer = IMPORTERS[upload.kind]
    content = bytes(upload.content)
    if hashlib.sha256(content).hexdigest() == upload.sha256:
        # The file `sheet_upload_create` kept after its bounds check: not unpacked to check it again.
        content = cells.BoundsChecked(content)
    with translation.override("da"):
        try:
            result = importer(
                acting_user=upload.uploaded_by,
                content=content,
                dry_run=True,
                progress=_progress(upload.pk),
            )
        except DomainError as error:
            result = ImportResult(problems=[error.message])
    SheetUpload.objects.filter(pk=upload.pk, result__isnull=True).update(
        result=result.as_json(), status=UploadStatus.CHECKED, checked_rows=result.checked or b""
    )
    return result


def sheet_upload_failed(*, upload_id: int) -> None:
    """A task that broke (not a problem of the sheet): the page says so and offers a new upload."""
    with translation.override("da"):
        error = _("The file could not be checked or imported. Nothing was saved. Upload it again.")
    SheetUpload.objects.filter(pk=upload_id, status__in=[UploadStatus.CHECKING, UploadStatus.IMPORTING]).update(
        status=UploadStatus.FAILED, error=error
    )


@transaction.atomic
def sheet_upload_import_start(*, acting_user: User, upload: SheetUpload) -> SheetUpload:
    """Have a task import exactly the file that was checked, once."""
    locked = _locked(upload.pk)
    if locked is None or locked.uploaded_by_id != acting_user.pk:
        raise DomainError(_("The file has already been imported, or it is no longer kept. Upload it again."))
    if locked.status == UploadStatus.IMPORTING:
        return locked  # sent twice: the import is already under way
    result = ImportResult.from_json(locked.result) if locked.result is not None else None
    if locked.status != UploadStatus.CHECKED or result is None or not result.ok:
        raise DomainError(_("The file has already been imported, or it is no longer kept. Upload it again."))
    locked.status = UploadStatus.IMPORTING
    locked.rows_done, locked.rows_total = 0, result.created
    locked.save(update_fields=["status", "rows_done", "rows_total"])
    transaction.on_commit(lambda: _enqueue("sheet_upload_import", locked.pk))
    return locked


def _import_progress(upload_id: int):
    """The import writes in one transaction, which holds the upload's row locked and hides its
    writes until it commits: its progress goes through the cache, where the page's status reads
    it (`selectors.sheet_upload_progress`)."""

    def record(done: int, total: int) -> None:
        cache.set(selectors.upload_progress_key(upload_id), (done, total), timeout=SHEET_UPLOAD_HOURS * 3600)

    return record


@transaction.atomic
def sheet_upload_import(*, upload_id: int) -> ImportResult | None:
    """Import the file the coordinator confirmed, as her (the one audit event names her). The
    content is emptied once imported; the upload keeps the result for the page. A sheet whose
    rows now have problems (another import came first) is checked again, and nothing is saved.

    A kind whose dry run kept its checked rows (the registration sheet) is imported from them,
    not from the file read again; the others read the kept file again."""
    locked = _locked(upload_id)
    if locked is None or locked.status != UploadStatus.IMPORTING:
        return None
    checked = bytes(locked.checked_rows)
    content = bytes(locked.content)
    with translation.override("da"):
        try:
            if checked and locked.kind in ROWS_IMPORTERS:
                result = ROWS_IMPORTERS[locked.kind](
                    acting_user=locked.uploaded_by, checked=checked, progress=_import_progress(locked.pk)
                )
            elif hashlib.sha256(content).hexdigest() != locked.sha256:
                result = ImportResult(problems=[_("The kept file is damaged. Upload it again.")])
            else:
                result = IMPORTERS[locked.kind](acting_user=locked.uploaded_by, content=content, dry_run=False)
        except DomainError as error:
            result = ImportResult(problems=[error.message])
    locked.result = result.as_json()
    if result.imported:
        locked.status = UploadStatus.IMPORTED
        locked.content = b""
        locked.checked_rows = b""
        locked.rows_done = locked.rows_total = result.created
    else:
        locked.status = UploadStatus.CHECKED
    locked.save(update_fields=["result", "status", "content", "checked_rows", "rows_done", "rows_total"])
    return result
