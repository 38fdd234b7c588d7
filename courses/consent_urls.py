"""The consents on a course's page, under /forloeb/<course>/samtykker/."""

from django.urls import path

from courses import consent_views

urlpatterns = [
    path("<int:pk>/samtykker/<int:guardian_pk>/ny/", consent_views.consent_record, name="guardian_consent_record"),
    path(
        "<int:pk>/samtykker/<int:consent_pk>/traek-tilbage/",
        consent_views.consent_withdraw,
        name="guardian_consent_withdraw",
    ),
]
