"""The refusals for missing consent reach the user as Danish form errors at the field, with
everything typed kept."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import Visit
from families.selectors import consent_text_current
from visitation.tests.factories import course_decided, course_started

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_a_daycare_visit_without_consent_is_a_form_error_at_the_kind(client, coordinator, educator):
    course = course_started(coordinator=coordinator, educator=educator, consents=("contact_for_questionnaire",))
    client.force_login(educator)
    response = client.post(
        reverse("visit_create", args=[course.pk]),
        {
            "date": TODAY().isoformat(),
            "status": "held",
            "duration_minutes": "60",
            "kind": "daycare",
            "note": "Besøg på stuen",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Et besøg i dagtilbuddet kræver samtykket “Deling af oplysninger med dagtilbuddet”" in page
    assert "Det mangler fra Sara Nielsen." in page
    assert "Besøg på stuen" in page
    assert not Visit.objects.exists()


def test_other_professionals_without_consent_is_a_form_error_on_the_start_form(client, coordinator, educator):
    course = course_decided(coordinator=coordinator, educator=educator, consents=("share_with_daycare",))
    client.force_login(educator)
    guardian = course.family.guardians.get()
    texts = {
        scope: consent_text_current(scope=scope).pk for scope in ("involve_professionals", "contact_for_questionnaire")
    }
    response = client.post(
        reverse("course_start", args=[course.pk]),
        {
            f"consents-consent_{guardian.pk}_involve_professionals": f"declined:{texts['involve_professionals']}",
            f"consents-consent_{guardian.pk}_contact_for_questionnaire": f"given:{texts['contact_for_questionnaire']}",
            "start_date": (TODAY() - timedelta(days=1)).isoformat(),
            "participants": "Mor og sundhedsplejerske",
            "other_professionals_present": "on",
            "goals-TOTAL_FORMS": "1",
            "goals-INITIAL_FORMS": "0",
            "goals-MIN_NUM_FORMS": "1",
            "goals-MAX_NUM_FORMS": "9",
            "goals-0-theme": "home_relations",
            "goals-0-description": "Faste rammer",
            "goals-0-weight_at_start": "7",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Andre fagpersoner ved opstartsmødet kræver samtykket “Inddragelse af andre fagpersoner”" in page
    assert "Mor og sundhedsplejerske" in page
    course.refresh_from_db()
    assert course.phase == "decided"
