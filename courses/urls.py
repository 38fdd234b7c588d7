from django.urls import path

from courses import views, views_goals

urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("mine/", views.my_courses, name="my_courses"),
    path("paamindelser/", views.reminder_list, name="reminder_list"),
    path("<int:pk>/", views.course_detail, name="course_detail"),
    path("<int:pk>/besoeg/ny/", views.visit_create, name="visit_create"),
    path("<int:pk>/besoeg/<int:visit_pk>/", views.visit_update, name="visit_update"),
    path("<int:pk>/barn/<int:child_pk>/cpr/", views.child_cpr_reveal, name="child_cpr_reveal"),
    path("<int:pk>/opstart/", views.course_start, name="course_start"),
    path("<int:pk>/afslut/", views.course_close, name="course_close"),
    path("<int:pk>/overdrag/", views.course_action_view("course_transfer"), name="course_transfer"),
    path("<int:pk>/forlaeng/", views.course_action_view("course_extend"), name="course_extend"),
    path("<int:pk>/justering/", views.course_action_view("course_adjust"), name="course_adjust"),
    path("<int:pk>/underretning/", views.course_action_view("concern_notification"), name="concern_notification"),
    path("<int:pk>/samtykke-trukket/", views.course_action_view("consent_withdraw"), name="consent_withdraw"),
    path("<int:pk>/maal/nyt/", views_goals.goal_add, name="goal_add"),
    path("<int:pk>/maal/<int:goal_pk>/omformuler/", views_goals.goal_reword, name="goal_reword"),
    path("<int:pk>/maal/<int:goal_pk>/afslut/", views_goals.goal_end, name="goal_end"),
    path("<int:pk>/ret/", views.course_action_view("course_correct"), name="course_correct"),
]
