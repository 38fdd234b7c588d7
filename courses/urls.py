from django.urls import path

from courses import views, views_calendar, views_family, views_guardians, views_planning, views_search

urlpatterns = [
    path("", views.course_list, name="course_list"),
    path("mine/", views.my_courses, name="my_courses"),
    path("soeg/", views_search.course_search_page, name="search"),
    path("paamindelser/", views.reminder_list, name="reminder_list"),
    path("<int:pk>/", views.course_detail, name="course_detail"),
    path("<int:pk>/besoeg/ny/", views.visit_create, name="visit_create"),
    path("<int:pk>/besoeg/planlaeg/", views_planning.visit_series_plan, name="visit_series_plan"),
    path("kalender/", views_calendar.calendar_feed_settings, name="calendar_feed_settings"),
    path("kalender/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
    path("<int:pk>/besoeg/<int:visit_pk>/", views.visit_update, name="visit_update"),
    path("<int:pk>/barn/<int:child_pk>/cpr/", views.child_cpr_reveal, name="child_cpr_reveal"),
    path("<int:pk>/barn/<int:child_pk>/foedsel/", views_family.child_birth_record, name="child_birth_record"),
    path("<int:pk>/barn/<int:child_pk>/dagtilbud/", views_family.child_daycare_change, name="child_daycare_change"),
    path("<int:pk>/opstart/", views.course_start, name="course_start"),
    path("<int:pk>/afslut/", views.course_close, name="course_close"),
    path("<int:pk>/overdrag/", views.course_action_view("course_transfer"), name="course_transfer"),
    path("<int:pk>/forlaeng/", views.course_action_view("course_extend"), name="course_extend"),
    path("<int:pk>/justering/", views.course_action_view("course_adjust"), name="course_adjust"),
    path("<int:pk>/underretning/", views.course_action_view("concern_notification"), name="concern_notification"),
    path("<int:pk>/samtykke-trukket/", views.course_action_view("consent_withdraw"), name="consent_withdraw"),
    path("<int:pk>/ret/", views.course_action_view("course_correct"), name="course_correct"),
    path("<int:pk>/foraeldre/ny/", views_guardians.guardian_add, name="guardian_add"),
    path("<int:pk>/foraeldre/<int:guardian_pk>/kontakt/", views_guardians.guardian_contact, name="guardian_contact"),
    path(
        "<int:pk>/foraeldre/<int:guardian_pk>/foraeldremyndighed/",
        views_guardians.guardian_custody,
        name="guardian_custody",
    ),
    path("<int:pk>/foraeldre/<int:guardian_pk>/fjern/", views_guardians.guardian_remove, name="guardian_remove"),
    path("<int:pk>/familie/", views_guardians.family_household, name="family_household"),
]
