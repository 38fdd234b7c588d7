from django.urls import path

from reporting import views

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("timepris/", views.hourly_rate, name="hourly_rate"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/status/", views.report_status, name="report_status"),
    path("<int:pk>/proev-igen/", views.report_retry, name="report_retry"),
    path("<int:pk>/rapport.pdf", views.report_download, {"kind": "pdf"}, name="report_download_pdf"),
    path("<int:pk>/rapport.xlsx", views.report_download, {"kind": "xlsx"}, name="report_download_xlsx"),
    path("<int:pk>/rapport.json", views.report_download, {"kind": "json"}, name="report_download_json"),
]
