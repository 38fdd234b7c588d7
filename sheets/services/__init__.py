"""Writes for the registration sheets: the imports (`imports`), the municipality's words for
end reasons (`aliases`), and an upload between its dry run and its confirmation (`uploads`)."""

from sheets.services.aliases import end_reason_alias_add, end_reason_alias_delete, end_reason_alias_update
from sheets.services.imports import (
    ishoej_answers_import,
    national_answers_import,
    registration_rows_import,
    registration_sheet_import,
)
from sheets.services.sdq_imports import sdq_sheet_import
from sheets.services.uploads import (
    IMPORTERS,
    sheet_upload_check,
    sheet_upload_create,
    sheet_upload_failed,
    sheet_upload_import,
    sheet_upload_import_start,
    sheet_uploads_purge,
)

__all__ = [
    "IMPORTERS",
    "end_reason_alias_add",
    "end_reason_alias_delete",
    "end_reason_alias_update",
    "ishoej_answers_import",
    "national_answers_import",
    "registration_rows_import",
    "registration_sheet_import",
    "sdq_sheet_import",
    "sheet_upload_check",
    "sheet_upload_create",
    "sheet_upload_failed",
    "sheet_upload_import",
    "sheet_upload_import_start",
    "sheet_uploads_purge",
]
