from django.urls import path

from hjemmepaed.audit import views

urlpatterns = [
    path("", views.audit_log, name="audit_log"),
    path("stikproeve/", views.audit_sample, name="audit_sample"),
    path("indsigt/<str:kind>/<int:pk>/", views.audit_subject_report, name="audit_subject_report"),
]
