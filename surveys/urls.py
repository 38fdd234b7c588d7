from django.urls import path

from surveys import invitation_views, translation_views, views

urlpatterns = [
    path("s/<str:token>/", views.survey_answer, name="survey_answer"),
    path("s/<str:token>/side-<int:page>/", views.survey_answer, name="survey_answer_page"),
    path("s/<str:token>/tak/", views.survey_thanks, name="survey_thanks"),
    path("spoergeskemaer/", views.survey_settings, name="survey_settings"),
    path("spoergeskemaer/sprog/", translation_views.survey_translations, name="survey_translations"),
    path(
        "spoergeskemaer/sprog/<int:pk>/gennemlaest/",
        translation_views.translation_reviewed,
        name="translation_reviewed",
    ),
    path(
        "spoergeskemaer/<int:questionnaire_pk>/kildefil.<str:file_format>",
        translation_views.translation_source_download,
        name="translation_source_download",
    ),
    path("spoergeskemaer/<int:questionnaire_pk>/aabent-link/", views.open_link_create, name="open_link_create"),
    path("forloeb/<int:pk>/brev/<int:guardian_pk>/", invitation_views.invitation_letter, name="invitation_letter"),
    path(
        "forloeb/<int:pk>/invitation/<int:invitation_pk>/e-mail/",
        invitation_views.invitation_email,
        name="invitation_email",
    ),
]
