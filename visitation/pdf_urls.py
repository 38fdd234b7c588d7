"""The course's printouts, below the course's own address (`/forloeb/<pk>/...`)."""

from django.urls import path

from visitation import views_pdf

urlpatterns = [
    path("<int:pk>/resume/", views_pdf.course_summary_pdf, name="course_summary_pdf"),
    path("<int:pk>/refleksionsark/", views_pdf.reflection_sheet_pdf, name="reflection_sheet_pdf"),
]
