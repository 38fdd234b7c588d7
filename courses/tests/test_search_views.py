"""The search page: typed text only by POST, results kept server-side and paged in SQL, a Danish
message for bad input, and a fixed number of queries however many courses are found."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses.views_search import SEARCH_RESULTS_PER_PAGE, SESSION_KEY
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.services import ChildData, GuardianData
from visitation.tests.factories import referral_register

pytestmark = pytest.mark.django_db

URL = "/forloeb/soeg/"
BORN = timezone.localdate() - timedelta(days=300)
DIGITS = f"{BORN:%d%m%y}4123"


def _family(coordinator, *, mother="Sara Nielsen", child="Alma Nielsen", cpr=""):
    return referral_register(
        coordinator=coordinator,
        guardians=[GuardianData(name=mother, relation="mother")],
        children=[ChildData(name=child, birth_date=BORN, cpr=cpr)],
    )


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_url_is_the_one_the_page_posts_to():
    assert reverse("search") == URL


def test_a_search_is_posted_kept_in_the_session_and_shown_without_the_text_in_any_url(signed_in, coordinator):
    course = _family(coordinator)
    response = signed_in.post(URL, {"text": "niels"})
    assert (response.status_code, response["Location"]) == (302, URL)
    page = signed_in.get(response["Location"])
    html = page.content.decode()
    assert "Sara Nielsen" in html and f'href="/forloeb/{course.pk}/"' in html
    assert "Navn indeholder “niels”: 1 forløb fundet" in html
    assert 'value="niels"' in html  # the search box keeps what was typed
    assert "niels" not in page.wsgi_request.get_full_path()


def test_a_cpr_search_finds_the_course_and_neither_the_session_nor_the_page_holds_the_number(signed_in, coordinator):
    course = _family(coordinator, cpr=DIGITS)
    page = signed_in.post(URL, {"text": f"{DIGITS[:6]}-{DIGITS[6:]}"}, follow=True)
    html = page.content.decode()
    assert page.redirect_chain == [(URL, 302)]
    assert "CPR-nummer (præcist): 1 forløb fundet" in html and f'href="/forloeb/{course.pk}/"' in html
    assert DIGITS not in html and DIGITS[:6] not in html
    stored = Session.objects.get(session_key=signed_in.session.session_key).get_decoded()
    assert DIGITS not in str(stored) and DIGITS[:6] not in str(stored)
    assert stored[SESSION_KEY]["kind"] == "cpr"


def test_bad_input_shows_a_danish_message_keeps_what_was_typed_and_searches_nothing(signed_in, coordinator):
    _family(coordinator)
    before = AuditEvent.objects.count()
    response = signed_in.post(URL, {"text": "0102-03"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Et CPR-nummer er 10 cifre, fx 010203-1234." in html
    assert 'value="0102-03"' in html and 'aria-invalid="true"' in html
    assert "forløb fundet" not in html
    assert AuditEvent.objects.count() == before
    assert SESSION_KEY not in signed_in.session


def test_a_too_short_name_is_refused_and_the_previous_search_stays(signed_in, coordinator):
    _family(coordinator)
    signed_in.post(URL, {"text": "Alma"})
    response = signed_in.post(URL, {"text": "A"})
    assert "Skriv mindst 2 bogstaver af navnet." in response.content.decode()
    assert "Navn indeholder “Alma”: 1 forløb fundet" in signed_in.get(URL).content.decode()


def test_the_post_needs_the_csrf_token(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post(URL, {"text": "Alma"}).status_code == 403
    assert SESSION_KEY not in client.session


def test_a_manager_may_not_search(client, municipality):
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))
    assert client.post(URL, {"text": "Alma"}).status_code == 403
    assert client.get(URL).status_code == 403


def test_a_home_educator_finds_her_own_family_and_not_a_colleague_s(client, coordinator, educator, municipality):
    from visitation.tests.factories import course_decided

    colleague = user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    hers = course_decided(coordinator=coordinator, educator=educator)
    theirs = course_decided(coordinator=coordinator, educator=colleague)
    client.force_login(educator)
    html = client.post(URL, {"text": "Nielsen"}, follow=True).content.decode()
    assert "1 forløb fundet" in html and f"/forloeb/{hers.pk}/" in html and f"/forloeb/{theirs.pk}/" not in html
    assert "Blandt de familier, du besøger." in html


def test_no_match_says_so(signed_in, coordinator):
    _family(coordinator)
    html = signed_in.post(URL, {"text": "Jensen"}, follow=True).content.decode()
    assert "Navn indeholder “Jensen”: 0 forløb fundet" in html
    assert "Ingen forløb passer." in html


def test_results_are_paged_in_sql_and_each_page_is_one_search_event(signed_in, coordinator):
    courses = [_family(coordinator) for _ in range(SEARCH_RESULTS_PER_PAGE + 2)]
    signed_in.post(URL, {"text": "Nielsen"})
    first = signed_in.get(URL).content.decode()
    assert f"{len(courses)} forløb fundet" in first and first.count('<td><a href="/forloeb/') == SEARCH_RESULTS_PER_PAGE
    before = AuditEvent.objects.count()
    last = signed_in.get(URL, {"side": 2}).content.decode()
    assert last.count('<td><a href="/forloeb/') == 2
    assert f'href="/forloeb/{courses[0].pk}/"' in last  # the oldest last
    [event] = AuditEvent.objects.filter(pk__gt=0).order_by("-pk")[:1]
    assert AuditEvent.objects.count() == before + 1
    found = f"Søgning på et navn, der indeholder “Nielsen”. {len(courses)} forløb fundet. Side 2."
    assert event.criterion == found and event.subject_type == ""


@pytest.mark.parametrize("found", [1, SEARCH_RESULTS_PER_PAGE + 5])
def test_the_number_of_queries_does_not_grow_with_the_courses_found(
    signed_in, coordinator, django_assert_num_queries, found
):
    for _ in range(found):
        _family(coordinator)
    signed_in.post(URL, {"text": "Nielsen"})
    # Session, user, second factor; the COUNT and the page; parents, children and visits of the
    # page's courses; the audit event (and the user's municipality for it); the session's
    # activity time saved (its savepoint, the update, the release); the page's versions of the
    # municipality's model in one query (issue 14).
    with django_assert_num_queries(14):
        response = signed_in.get(URL)
    assert f"{found} forløb fundet" in response.content.decode()


def test_the_search_is_in_the_navigation_and_on_the_course_lists(client, coordinator, educator, municipality):
    client.force_login(coordinator)
    for page in ("/", "/forloeb/"):
        html = client.get(page).content.decode()
        assert f'href="{URL}"' in html
    assert f'action="{URL}"' in client.get("/forloeb/").content.decode()
    client.force_login(educator)
    html = client.get(reverse("my_courses")).content.decode()
    assert f'href="{URL}"' in html and f'action="{URL}"' in html
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))
    html = client.get("/forloeb/").content.decode()
    assert URL not in html  # a manager reads courses from the list; the search is not hers


def test_the_audit_log_names_the_search_and_what_was_looked_for(signed_in, coordinator):
    _family(coordinator, cpr=DIGITS)
    signed_in.post(URL, {"text": DIGITS}, follow=True)
    html = signed_in.get("/logning/").content.decode()
    assert (
        "Søgning efter familie" in html and "Søgning på et barns CPR-nummer (præcist). 1 forløb fundet. Side 1." in html
    )
    assert DIGITS not in html and DIGITS[:6] not in html
