"""The privacy pages, at the paths they always had (included at the site's root)."""

from django.urls import path

from privacy import views

urlpatterns = [
    path("familier/<int:pk>/indsigt.pdf", views.family_export, {"kind": "pdf"}, name="family_export_pdf"),
    path("familier/<int:pk>/indsigt.json", views.family_export, {"kind": "json"}, name="family_export_json"),
    path("logning/", views.audit_log, name="audit_log"),
    path("logning/stikproeve/", views.audit_sample, name="audit_sample"),
    path("logning/indsigt/<str:kind>/<int:pk>/", views.audit_subject_report, name="audit_subject_report"),
    path("opbevaring/", views.retention_settings, name="retention_settings"),
    path("opbevaring/aar/", views.retention_years_set, name="retention_years_set"),
    path("opbevaring/arkivbestemmelse/", views.archive_decision_create, name="archive_decision_create"),
]
