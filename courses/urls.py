from django.urls import path

from courses import views

urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("mine/", views.my_courses, name="my_courses"),
    path("paamindelser/", views.reminder_list, name="reminder_list"),
    path("<int:pk>/", views.course_detail, name="course_detail"),
    path("<int:pk>/besoeg/ny/", views.visit_create, name="visit_create"),
    path("<int:pk>/opstart/", views.course_start, name="course_start"),
    path("<int:pk>/afslut/", views.course_close, name="course_close"),
]
