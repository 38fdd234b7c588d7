"""The consents on a course's page, under /forloeb/<course>/samtykker/."""

from django.urls import path

from families import views

urlpatterns = [
    path("<int:pk>/samtykker/<int:guardian_pk>/ny/", views.consent_record, name="guardian_consent_record"),
    path(
        "<int:pk>/samtykker/<int:consent_pk>/traek-tilbage/", views.consent_withdraw, name="guardian_consent_withdraw"
    ),
]
