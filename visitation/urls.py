from django.urls import path

from visitation import views, views_revisions

urlpatterns = [
    path("", views.intake_queue, name="intake_queue"),
    path("ny/", views.referral_create, name="referral_create"),
    path("<int:pk>/beslut/", views.referral_decide, name="referral_decide"),
    path("<int:pk>/revider/", views_revisions.referral_revise, name="referral_revise"),
]
