import pytest


@pytest.fixture
def logged_in(client, coordinator, django_capture_on_commit_callbacks):
    """The coordinator's client. What a POST starts on commit (the tasks checking and importing
    an upload; Celery runs eagerly in tests) runs as the request's commit would run it."""
    client.force_login(coordinator)
    post = client.post

    def committing_post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = committing_post
    return client
