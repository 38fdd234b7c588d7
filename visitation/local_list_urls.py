from django.urls import path

from visitation import views_local_lists as views

urlpatterns = [
    path("risikofaktorer/", views.local_risk_factor_list, name="local_risk_factor_list"),
    path("risikofaktorer/<int:pk>/i-brug/", views.local_risk_factor_active, name="local_risk_factor_active"),
]
