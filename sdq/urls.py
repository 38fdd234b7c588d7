from django.urls import path

from sdq import views

urlpatterns = [
    path("forloeb/<int:pk>/sdq/ny/", views.measurement_create, name="sdq_measurement_create"),
    path("forloeb/<int:pk>/sdq/<int:measurement_pk>/", views.measurement_update, name="sdq_measurement_update"),
    path("sdq/normsaet/", views.norm_set_choose, name="sdq_norm_set_choose"),
    path("sdq/normsaet/indlaes/", views.norm_set_import, name="sdq_norm_set_import"),
]
