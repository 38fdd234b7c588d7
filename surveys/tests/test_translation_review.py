"""A translation is shown as read through or not where translations are listed; the municipality's
coordinator or manager marks its own read through, an administrator a shipped one (audited)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from surveys.models import Questionnaire, QuestionnaireTranslation
from surveys.translation_services import translation_review_mark

from .helpers import translation_uploaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def national():
    return Questionnaire.objects.get(key="national", version=1)


@pytest.fixture
def somali(coordinator, national):
    return translation_uploaded(acting_user=coordinator, questionnaire=national, language="so")


def shipped_english(national):
    return QuestionnaireTranslation.objects.get(questionnaire=national, language="en", municipality=None)


def test_the_coordinator_sees_which_translations_are_read_through_and_marks_her_own(client, coordinator, somali):
    client.force_login(coordinator)
    content = client.get(reverse("survey_translations")).content.decode()
    assert "Oversættelser, der følger med systemet" in content
    assert content.count("Ikke gennemlæst") == 3  # Somali, and the shipped English of both questionnaires
    assert content.count("Markér som gennemlæst") == 1  # her own only: a shipped one is the administrator's
    response = client.post(reverse("translation_reviewed", args=[somali.pk]), follow=True)
    assert "Oversættelsen er markeret som gennemlæst." in response.content.decode()
    somali.refresh_from_db()
    assert somali.reviewed_on == timezone.localdate()
    content = response.content.decode()
    assert content.count("Ikke gennemlæst") == 2 and "Markér som gennemlæst" not in content
    event = AuditEvent.objects.filter(object_type="questionnaire_translation", action="update").get()
    assert (event.actor_id, event.object_id) == (coordinator.pk, str(somali.pk))
    client.post(reverse("translation_reviewed", args=[somali.pk]))  # again: nothing more recorded
    assert AuditEvent.objects.filter(object_type="questionnaire_translation", action="update").count() == 1


def test_another_municipalitys_or_a_shipped_translation_cannot_be_marked_from_the_page(client, somali, national):
    other = user_for_role(Role.COORDINATOR, municipality=MunicipalityFactory())
    client.force_login(other)
    assert client.post(reverse("translation_reviewed", args=[somali.pk])).status_code == 404
    assert client.post(reverse("translation_reviewed", args=[shipped_english(national).pk])).status_code == 404
    client.force_login(user_for_role(Role.HOME_EDUCATOR, municipality=somali.municipality))
    assert client.post(reverse("translation_reviewed", args=[somali.pk])).status_code == 403
    somali.refresh_from_db()
    assert somali.reviewed_on is None


def test_only_an_administrator_marks_a_shipped_translation_read_through(client, coordinator, national):
    english = shipped_english(national)
    with pytest.raises(DomainError) as refused:
        translation_review_mark(acting_user=coordinator, translation=english)
    assert refused.value.message == (
        "Kun en administrator kan markere en oversættelse, der følger med systemet, som gennemlæst."
    )
    administrator = user_for_role(Role.ADMINISTRATOR)
    client.force_login(administrator)
    changelist = "/admin/surveys/questionnairetranslation/"
    content = client.get(changelist).content.decode()
    assert "Markér som gennemlæst" in content
    response = client.post(
        changelist, {"action": "mark_reviewed", "_selected_action": [english.pk], "index": 0}, follow=True
    )
    assert "1 oversættelse er markeret som gennemlæst." in response.content.decode()
    english.refresh_from_db()
    assert english.reviewed_on == timezone.localdate()
    event = AuditEvent.objects.filter(object_type="questionnaire_translation", action="update").get()
    assert event.actor_id == administrator.pk
    client.force_login(coordinator)
    content = client.get(reverse("survey_translations")).content.decode()
    assert content.count("Ikke gennemlæst") == 1  # the Ishøj questionnaire's English is still unread


def test_a_translation_uploaded_before_the_pages_texts_were_in_the_file_says_they_are_english(
    client, coordinator, somali
):
    somali.texts = {key: text for key, text in somali.texts.items() if not key.startswith("ui.")}
    somali.save(update_fields=["texts"])
    client.force_login(coordinator)
    content = client.get(reverse("survey_translations")).content.decode()
    assert content.count("Filen mangler teksterne på siderne, i brevet og i e-mails, så de vises på engelsk.") == 1
