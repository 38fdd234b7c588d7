"""The login backend: Django's, with each request's user read together with her roles."""

from django.contrib.auth.backends import ModelBackend

from hjemmepaed.organisation.models import User


class StaffBackend(ModelBackend):
    def get_user(self, user_id):
        # One query for the user and her extra roles, which every page's gate reads.
        user = User.objects.with_roles().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
