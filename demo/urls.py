from django.urls import path

from demo import views

urlpatterns = [
    path("demo/", views.demo_login, name="demo_login"),
]
