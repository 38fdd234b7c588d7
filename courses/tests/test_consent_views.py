"""The consents on the course page (`courses/consent_views.py`): recording one, withdrawing one
in a single POST, the history, and what a manager sees."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from families.models import Consent, ConsentScope, ConsentText
from families.services import consent_withdraw
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.services import GuardianData
from visitation.tests.factories import course_closed, course_decided, course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
PARENTS = [
    GuardianData(name="Sara Nielsen", relation="mother"),
    GuardianData(name="Jonas Nielsen", relation="father"),
]


@pytest.fixture
def course(coordinator, educator):
    return course_decided(coordinator=coordinator, educator=educator, guardians=PARENTS, consents=())


def _record_url(course, guardian, scope=""):
    url = reverse("guardian_consent_record", args=[course.pk, guardian.pk])
    return f"{url}?omfang={scope}" if scope else url


def _page(client, course):
    return client.get(reverse("course_detail", args=[course.pk])).content.decode()


def test_the_form_shows_the_wording_in_force_and_preselects_the_scope(client, course, educator):
    sara = course.family.guardians.get(name="Sara Nielsen")
    client.force_login(educator)
    page = client.get(_record_url(course, sara, "share_with_daycare")).content.decode()
    assert "Registrér samtykke fra Sara Nielsen" in page
    assert "Jeg giver samtykke til, at hjemmepædagogen må udveksle oplysninger med mit barns dagtilbud" in page
    assert "Samtykketekst version 1" in page
    share = ConsentText.objects.get(scope="share_with_daycare", version=1)
    assert re.search(rf'<input[^>]*value="{share.pk}"[^>]*checked', page)
    assert len(re.findall(r'<input[^>]*name="text_version"[^>]*checked', page)) == 1
    assert AuditEvent.objects.filter(object_type="consent_form", subject_id=str(sara.pk), action="view").exists()


def test_recording_a_consent_shows_it_on_the_course_page(client, course, educator):
    sara = course.family.guardians.get(name="Sara Nielsen")
    text = ConsentText.objects.get(scope="share_with_daycare", version=1)
    client.force_login(educator)
    response = client.post(
        _record_url(course, sara), {"text_version": text.pk, "given_on": (TODAY() - timedelta(days=1)).isoformat()}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/forloeb/{course.pk}/#samtykker")
    consent = Consent.objects.get(guardian=sara)
    assert (consent.scope, consent.text_version, consent.recorded_by) == ("share_with_daycare", text, educator)
    page = _page(client, course)
    assert "Samtykket er registreret." in page
    assert f"den {TODAY() - timedelta(days=1):%d.%m.%Y}, samtykketekst version 1" in page
    assert "Træk tilbage" in page


def test_a_broken_rule_is_a_danish_form_error_and_keeps_the_input(client, course, educator):
    sara = course.family.guardians.get(name="Sara Nielsen")
    text = ConsentText.objects.get(scope="involve_professionals", version=1)
    tomorrow = (TODAY() + timedelta(days=1)).strftime("%d.%m.%Y")
    client.force_login(educator)
    response = client.post(_record_url(course, sara), {"text_version": text.pk, "given_on": tomorrow})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Datoen for samtykket kan ikke ligge i fremtiden." in page
    assert f'value="{tomorrow}"' in page
    assert not Consent.objects.exists()


def test_a_parent_without_custody_is_refused_in_danish(client, coordinator):
    course = course_decided(
        coordinator=coordinator,
        consents=(),
        guardians=[PARENTS[0], GuardianData(name="Ali Hussein", relation="father", has_custody=False)],
    )
    ali = course.family.guardians.get(name="Ali Hussein")
    text = ConsentText.objects.get(scope="share_with_daycare", version=1)
    client.force_login(coordinator)
    response = client.post(_record_url(course, ali), {"text_version": text.pk, "given_on": TODAY().isoformat()})
    assert "Ali Hussein har ikke forældremyndighed." in response.content.decode()
    assert "Ali Hussein har ikke forældremyndighed og giver ikke samtykke." in _page(client, course)


def test_withdrawal_is_one_post_and_the_history_stays_visible(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    consent = course.family.guardians.get().consents.get(scope=ConsentScope.SHARE_WITH_DAYCARE)
    client.force_login(educator)
    response = client.post(reverse("guardian_consent_withdraw", args=[course.pk, consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawn_by) == (TODAY(), educator)
    page = client.get(response["Location"]).content.decode()
    assert "Sara Nielsens samtykke til “Deling af oplysninger med dagtilbuddet” er trukket tilbage." in page
    assert f"Trukket tilbage</span> den {TODAY():%d.%m.%Y}" in page
    assert "Historik" in page
    assert f"trukket tilbage {TODAY():%d.%m.%Y}, registreret af {educator}" in page
    # a second click (e.g. in another tab) is told it is already done
    response = client.post(reverse("guardian_consent_withdraw", args=[course.pk, consent.pk]), follow=True)
    assert f"Samtykket blev allerede trukket tilbage den {TODAY():%d.%m.%Y}." in response.content.decode()


def test_withdrawal_asks_for_confirmation_in_the_same_click(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(educator)
    page = _page(client, course)
    assert 'data-confirm="Træk Sara Nielsens samtykke til “Inddragelse af andre fagpersoner” tilbage?"' in page


def test_withdrawal_by_get_is_not_allowed(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    consent = course.family.guardians.get().consents.first()
    client.force_login(educator)
    assert client.get(reverse("guardian_consent_withdraw", args=[course.pk, consent.pk])).status_code == 405
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_a_consent_of_another_family_answers_404(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator)
    other = course_started(coordinator=coordinator, educator=educator)
    consent = other.family.guardians.get().consents.first()
    client.force_login(educator)
    assert client.post(reverse("guardian_consent_withdraw", args=[course.pk, consent.pk])).status_code == 404
    assert client.get(_record_url(course, other.family.guardians.get())).status_code == 404


def test_managers_see_the_status_but_cannot_change_it(client, coordinator, educator, municipality):
    course = course_started(coordinator=coordinator, educator=educator)
    client.force_login(user_for_role(Role.MANAGER, municipality=municipality))
    page = _page(client, course)
    assert "Samtykker" in page
    assert "Givet" in page
    assert "Træk tilbage" not in page
    assert "Registrér samtykke" not in page


def test_the_course_page_says_why_a_parent_got_no_questionnaire(client, coordinator, educator):
    course = course_closed(
        coordinator=coordinator,
        educator=educator,
        consents=("share_with_daycare",),
        guardians=[PARENTS[0], GuardianData(name="Ali Hussein", relation="father", has_custody=False)],
    )
    client.force_login(educator)
    page = _page(client, course)
    assert "Intet spørgeskema: forælderen har ikke givet samtykke til kontakt om forældrespørgeskemaet." in page
    assert "Intet spørgeskema: forælderen har ikke forældremyndighed og kan ikke give samtykke." in page
    assert not course.invitations.exists()


def test_the_course_page_keeps_its_query_budget_with_consents(
    client, coordinator, educator, django_assert_max_num_queries
):
    course = course_closed(coordinator=coordinator, educator=educator, guardians=PARENTS)
    for guardian in course.family.guardians.all():
        consent_withdraw(acting_user=coordinator, course=course, consent=guardian.consents.first())
    client.force_login(educator)
    with django_assert_max_num_queries(
        46
    ):  # + the referral's local answers, its intake decisions and who took part, the invitations' reminders
        assert client.get(reverse("course_detail", args=[course.pk])).status_code == 200
