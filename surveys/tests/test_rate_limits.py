"""Too many questionnaire posts: a Danish 429 page that keeps everything the parent typed."""

import pytest

from surveys.models import Response

from .helpers import national_invitation
from .test_views import PAGES, checked, page_url

pytestmark = pytest.mark.django_db

TOO_MANY = "For mange forsøg. Vent et øjeblik, og prøv igen."


@pytest.fixture
def token(two_children_closed):
    return national_invitation(two_children_closed).token


def test_posts_over_the_links_limit_get_the_danish_page_with_the_answers_kept(client, token, settings):
    settings.RATE_LIMIT_SURVEY_PER_LINK = "3/m"
    for answers in PAGES[:3]:
        client.post(page_url(token, 1 + PAGES.index(answers)), {**answers, "action": "next"})
    typed = {"q9": "9", "q10": "Vi fik <b>meget</b> ud af det & mere til.", "action": "submit"}
    response = client.post(page_url(token, 4), typed)
    assert response.status_code == 429
    content = response.content.decode()
    assert TOO_MANY in content
    assert "Vi fik &lt;b&gt;meget&lt;/b&gt; ud af det &amp; mere til." in content  # still in the text box
    assert checked(content, "q9", "9")
    assert "no-store" in response["Cache-Control"]
    assert Response.objects.count() == 0  # nothing was sent
    # The answers from before the limit are kept in the draft: page 1 still shows them.
    assert checked(client.get(page_url(token, 1)).content.decode(), "q1", "mother")


def test_autosave_over_the_limit_answers_429_without_a_page(client, token, settings):
    settings.RATE_LIMIT_SURVEY_PER_LINK = "1/m"
    assert client.post(page_url(token, 1), {"q1": "father"}, headers={"X-Autosave": "1"}).status_code == 204
    response = client.post(page_url(token, 1), {"q1": "mother"}, headers={"X-Autosave": "1"})
    assert response.status_code == 429
    assert checked(client.get(page_url(token, 1)).content.decode(), "q1", "father")


def test_posts_over_the_address_limit_are_refused_for_any_link(client, two_children_closed, settings):
    settings.RATE_LIMIT_SURVEY_PER_IP = "2/m"
    tokens = list(two_children_closed.invitations.values_list("token", flat=True))
    assert len(tokens) >= 2
    for token in tokens[:2]:
        assert client.post(page_url(token, 1), {**PAGES[0], "action": "next"}).status_code == 302
    response = client.post(page_url(tokens[0], 1), {**PAGES[0], "action": "next"})
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    other_address = client.post(page_url(tokens[1], 1), {**PAGES[0], "action": "next"}, REMOTE_ADDR="192.0.2.44")
    assert other_address.status_code == 302


def test_default_limits_let_a_parent_answer_the_whole_questionnaire(client, token):
    for number, answers in enumerate(PAGES, start=1):
        for _ in range(5):  # autosave on every change
            client.post(page_url(token, number), answers, headers={"X-Autosave": "1"})
        action = "submit" if number == len(PAGES) else "next"
        assert client.post(page_url(token, number), {**answers, "action": action}).status_code == 302
    assert Response.objects.count() == 1
