"""A questionnaire sent while the database is briefly away, and a double click on "send"."""

import pytest
from django.db import InterfaceError, OperationalError

from surveys import selectors, services
from surveys.models import Answer, Draft, Questionnaire, Response

from .helpers import national_invitation
from .test_views import PAGES, checked, page_url

pytestmark = pytest.mark.django_db

RETRY = "Vi kunne ikke gemme dine svar lige nu. Dine svar er ikke gået tabt. Prøv igen om lidt."


@pytest.fixture
def token(two_children_closed):
    return national_invitation(two_children_closed).token


def answer_first_pages(client, token):
    for number, answers in enumerate(PAGES[:-1], start=1):
        client.post(page_url(token, number), {**answers, "action": "next"})


def fail_once(monkeypatch, error):
    """The database drops the first submission, then is back."""
    real = services.response_submit
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise error("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(services, "response_submit", flaky)
    return calls


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_parent_sees_a_retry_message_with_the_answers_kept_and_a_retry_stores_one_response(
    client, token, monkeypatch, error
):
    answer_first_pages(client, token)
    calls = fail_once(monkeypatch, error)
    last = {**PAGES[3], "action": "submit"}
    response = client.post(page_url(token, 4), last)
    page = response.content.decode()
    assert response.status_code == 503
    assert RETRY in page
    assert checked(page, "q9", "9")  # the answers are still in the form
    assert "Hjemmepædagogen var en stor hjælp." in page
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    assert not Response.objects.exists()

    again = client.post(page_url(token, 4), last)
    assert again.status_code == 302
    assert len(calls) == 2
    assert Response.objects.count() == 1
    assert Answer.objects.filter(response__isnull=False).count() == Response.objects.get().answers.count() > 0
    assert not Draft.objects.exists()


def test_a_database_gone_for_the_whole_request_gives_a_page_that_sends_the_answers_again(client, token, monkeypatch):
    """Not even the link can be looked up: the retry page holds what was posted, ready to send."""
    answer_first_pages(client, token)
    real = selectors.token_resolve

    def down(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(selectors, "token_resolve", down)
    response = client.post(page_url(token, 4), {**PAGES[3], "action": "submit"})
    page = response.content.decode()
    assert response.status_code == 503
    assert RETRY in page
    assert '<input type="hidden" name="q10" value="Hjemmepædagogen var en stor hjælp.">' in page
    assert '<input type="hidden" name="action" value="submit">' in page
    assert "Prøv igen" in page
    monkeypatch.setattr(selectors, "token_resolve", real)
    # The retry button posts exactly those fields back.
    resent = client.post(page_url(token, 4), {**PAGES[3], "action": "submit"})
    assert resent.status_code == 302
    assert Response.objects.count() == 1


def test_a_double_click_on_send_stores_one_response_and_shows_no_error(client, token):
    answer_first_pages(client, token)
    last = {**PAGES[3], "action": "submit"}
    assert client.post(page_url(token, 4), last).status_code == 302
    second = client.post(page_url(token, 4), last)
    assert second.status_code == 200
    assert "vi har modtaget svarene for dette link" in second.content.decode()
    assert Response.objects.count() == 1


def test_a_double_click_on_send_on_an_open_link_stores_one_response(client, coordinator):
    link = services.open_link_create(acting_user=coordinator, questionnaire=Questionnaire.objects.get(key="national"))
    answer_first_pages(client, link.token)
    last = {**PAGES[3], "action": "submit"}
    first = client.post(page_url(link.token, 4), last)
    second = client.post(page_url(link.token, 4), last)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert "Mange tak for din besvarelse!" in client.get(second["Location"]).content.decode()
    assert Response.objects.count() == 1
    # Opening the link again afterwards starts a fresh answer for the next parent.
    content = client.get(page_url(link.token, 1)).content.decode()
    assert "checked" not in content
