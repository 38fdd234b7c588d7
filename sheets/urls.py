from django.urls import path

from sheets import views
from sheets.models import SheetKind

urlpatterns = [
    path("", views.sheet_index, name="sheet_index"),
    path("forloeb/indlaes/", views.sheet_import, {"kind": SheetKind.COURSES}, name="sheet_import_courses"),
    path("besvarelser/indlaes/", views.sheet_import, {"kind": SheetKind.ANSWERS}, name="sheet_import_answers"),
    path(
        "ishoej-besvarelser/indlaes/",
        views.sheet_import,
        {"kind": SheetKind.ISHOEJ_ANSWERS},
        name="sheet_import_ishoej",
    ),
    path("sdq/indlaes/", views.sheet_import, {"kind": SheetKind.SDQ}, name="sheet_import_sdq"),
    path("fil/<int:pk>/", views.sheet_upload_review, name="sheet_upload_review"),
    path("fil/<int:pk>/status/", views.sheet_upload_status, name="sheet_upload_status"),
    path("afslutningsaarsager/", views.end_reason_aliases, name="sheet_end_reason_aliases"),
    path("afslutningsaarsager/<int:pk>/ret/", views.end_reason_alias_update, name="sheet_end_reason_alias_update"),
    path("afslutningsaarsager/<int:pk>/slet/", views.end_reason_alias_delete, name="sheet_end_reason_alias_delete"),
    path("eksport/", views.sheet_export, name="sheet_export"),
    path("skabelon/forloeb/", views.sheet_template, {"kind": SheetKind.COURSES}, name="sheet_template_courses"),
    path("skabelon/besvarelser/", views.sheet_template, {"kind": SheetKind.ANSWERS}, name="sheet_template_answers"),
    path(
        "skabelon/ishoej-besvarelser/",
        views.sheet_template,
        {"kind": SheetKind.ISHOEJ_ANSWERS},
        name="sheet_template_ishoej",
    ),
    path("skabelon/sdq/", views.sheet_template, {"kind": SheetKind.SDQ}, name="sheet_template_sdq"),
]
