"""The settings page of the municipality's model, as its manager and its coordinators see it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from hjemmepaed.variants.models import ReferralQuestion, Variant
from hjemmepaed.variants.presets import PRESETS

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def ishoj():
    return MunicipalityFactory(name="Ishøj", code="183")


@pytest.fixture
def manager(ishoj):
    return user_for_role(Role.MANAGER, municipality=ishoj)


def _form(**changes):
    data = {key: ("" if value is None else value) for key, value in PRESETS["ishoj"].items()}
    data = {key: value for key, value in data.items() if value is not False}
    data["first_visit_is_startup"] = "on"
    data["valid_from"] = f"{TODAY():%d.%m.%Y}"
    data.update(changes)
    return data


def _last_pk():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_the_manager_records_a_version_from_the_ishoj_preset(client, manager, ishoj):
    client.force_login(manager)
    page = client.get(reverse("variant_settings"), {"preset": "ishoj"})
    assert "den nationale model gælder" in page.content.decode()
    assert page.context["variant_form"].initial["visit_cap"] == 10
    response = client.post(reverse("variant_create"), _form(), follow=True)
    assert "Den nye version af modellen er gemt." in response.content.decode()
    variant = Variant.objects.get(municipality=ishoj)
    assert (variant.offer_name, variant.visit_cap, variant.visitation, variant.first_visit_is_startup) == (
        PRESETS["ishoj"]["offer_name"],
        10,
        "none",
        True,
    )
    assert "Bygger på" in response.content.decode() and "Ishøj" in response.content.decode()


def test_a_refused_version_shows_the_message_and_writes_only_the_pages_event(client, manager, ishoj):
    client.force_login(manager)
    before = _last_pk()
    yesterday = TODAY() - timedelta(days=1)
    response = client.post(reverse("variant_create"), _form(valid_from=f"{yesterday:%d.%m.%Y}", max_weeks="52"))
    assert response.status_code == 200
    assert "En ændring kan tidligst gælde fra i dag" in response.content.decode()
    assert not Variant.objects.exists()
    events = list(AuditEvent.objects.filter(pk__gt=before).values_list("action", "object_type"))
    assert events == [("view", "variant_settings")]


def test_widening_without_a_reason_is_refused_on_the_page(client, manager):
    client.force_login(manager)
    response = client.post(reverse("variant_create"), _form(max_weeks="52"))
    assert "Ishøj: den nationale model varer højst 40 uger" in response.content.decode()
    assert not Variant.objects.exists()


def test_bad_numbers_are_a_form_error_not_a_crash(client, manager):
    client.force_login(manager)
    response = client.post(reverse("variant_create"), _form(visit_cap="ti", booster_window_months="99"))
    assert response.status_code == 200
    assert not Variant.objects.exists()


def test_a_coordinator_reads_the_model_without_a_form(client, ishoj):
    Variant.objects.create(
        municipality=ishoj, valid_from=TODAY() - timedelta(days=3), offer_name="Hjemmebaseret indsats"
    )
    ReferralQuestion.objects.create(municipality=ishoj, text="Hvad håber forældrene?")
    client.force_login(user_for_role(Role.COORDINATOR, municipality=ishoj))
    body = client.get(reverse("variant_settings")).content.decode()
    assert "Hjemmebaseret indsats" in body and "Hvad håber forældrene?" in body
    assert "Kun en leder kan ændre kommunens model." in body
    assert 'id="variant-form"' not in body
    assert client.post(reverse("variant_create"), _form()).status_code == 403


def test_the_page_shows_upcoming_and_earlier_versions_with_few_queries(
    client, manager, ishoj, django_assert_max_num_queries
):
    for days in (-300, -200, -100, 30):
        Variant.objects.create(municipality=ishoj, valid_from=TODAY() + timedelta(days=days), visit_cap=10)
    client.force_login(manager)
    with django_assert_max_num_queries(25):
        body = client.get(reverse("variant_settings")).content.decode()
    assert "Kommende versioner" in body and "Tidligere versioner" in body


def test_questions_are_added_moved_and_no_longer_asked(client, manager, ishoj):
    client.force_login(manager)
    client.post(reverse("referral_question_create"), {"text": "Hvordan forstår forældrene situationen?"})
    client.post(reverse("referral_question_create"), {"text": "Hvad håber de?"})
    first, second = ReferralQuestion.objects.order_by("position")
    client.post(reverse("referral_question_update", args=[second.pk]), {"action": "up"})
    client.post(reverse("referral_question_update", args=[first.pk]), {"action": "deactivate"})
    response = client.post(
        reverse("referral_question_update", args=[second.pk]), {"action": "reword", "text": ""}, follow=True
    )
    assert "Skriv spørgsmålet." in response.content.decode()
    assert list(ReferralQuestion.objects.values_list("text", "is_active")) == [
        ("Hvad håber de?", True),
        ("Hvordan forstår forældrene situationen?", False),
    ]


def test_an_empty_question_is_a_form_error(client, manager):
    client.force_login(manager)
    response = client.post(reverse("referral_question_create"), {"text": "  "})
    assert response.status_code == 200 and "Skriv spørgsmålet." in response.content.decode()


def test_another_municipalitys_question_answers_404(client, manager):
    other = ReferralQuestion.objects.create(municipality=MunicipalityFactory(name="Thisted", code="787"), text="?")
    client.force_login(manager)
    response = client.post(reverse("referral_question_update", args=[other.pk]), {"action": "deactivate"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_active
