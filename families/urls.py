from django.urls import path

from families import views

urlpatterns = [
    path("<int:pk>/indsigt.pdf", views.family_export, {"kind": "pdf"}, name="family_export_pdf"),
    path("<int:pk>/indsigt.json", views.family_export, {"kind": "json"}, name="family_export_json"),
]
