from django.urls import path

from visitation import views, views_revisions, views_statements

urlpatterns = [
    path("", views.intake_queue, name="intake_queue"),
    path("ny/", views.referral_create, name="referral_create"),
    path("<int:pk>/beslut/", views.referral_decide, name="referral_decide"),
    path("<int:pk>/revider/", views_revisions.referral_revise, name="referral_revise"),
    path("udtalelser/", views_statements.daycare_statement_list, name="daycare_statement_list"),
    path("udtalelser/<int:pk>/", views_statements.daycare_statement_give, name="daycare_statement_give"),
]
