from django.urls import path

from courses import views_local_lists as views

urlpatterns = [
    path("metoder/", views.local_method_list, name="local_method_list"),
    path("metoder/<int:pk>/i-brug/", views.local_method_active, name="local_method_active"),
]
