from django.urls import path

from hjemmepaed.variants import views

urlpatterns = [
    path("", views.variant_settings, name="variant_settings"),
    path("uden-forbindelse/", views.offline_use_set, name="offline_use_set"),
    path("ny-version/", views.variant_create, name="variant_create"),
    path("spoergsmaal/", views.referral_question_create, name="referral_question_create"),
    path("spoergsmaal/<int:pk>/", views.referral_question_update, name="referral_question_update"),
]
