"""The municipality's own words for end reasons: the coordinator adds, changes and deletes them,
each audited, only her own municipality's, and the next check of a sheet reads them as they are."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from courses.models import Course
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from sheets import columns as sheet
from sheets.models import EndReasonAlias
from sheets.rows import END_REASON_ALIAS, END_REASON_OTHER
from sheets.services import (
    end_reason_alias_add,
    end_reason_alias_delete,
    end_reason_alias_update,
    registration_sheet_import,
)
from sheets.tests.factories import course_csv

MOVED_AWAY = [{sheet.END_REASON: "Fraflyttet kommunen"}]


def dry_run(coordinator, rows=MOVED_AWAY):
    return registration_sheet_import(acting_user=coordinator, content=course_csv(rows), dry_run=True)


def page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def alias(coordinator):
    return end_reason_alias_add(acting_user=coordinator, text="Fraflyttet kommunen", end_reason="moved")


@pytest.fixture
def other_alias(other_municipality):
    other = user_for_role(Role.COORDINATOR, municipality=other_municipality)
    return end_reason_alias_add(acting_user=other, text="Fraflyttet kommunen", end_reason="moved")


def events(action):
    return AuditEvent.objects.filter(object_type="end_reason_alias", action=action)


def test_the_coordinator_changes_the_words_and_their_end_reason_on_the_page(client, coordinator, alias):
    client.force_login(coordinator)
    listing = page(client.get(reverse("sheet_end_reason_aliases")))
    assert reverse("sheet_end_reason_alias_update", args=[alias.pk]) in listing
    form = page(client.get(reverse("sheet_end_reason_alias_update", args=[alias.pk])))
    assert 'value="fraflyttet kommunen"' in form

    response = client.post(
        reverse("sheet_end_reason_alias_update", args=[alias.pk]),
        {"text": "Flyttet til Aarhus", "end_reason": "other_service"},
        follow=True,
    )

    shown = page(response)
    assert "Ordene er gemt." in shown
    assert "<td>flyttet til aarhus</td><td>Overgået til anden indsats</td>" in shown
    assert "fraflyttet kommunen" not in shown
    event = events("update").get()
    assert (event.actor, event.municipality, event.object_id) == (coordinator, coordinator.municipality, str(alias.pk))
    assert dry_run(coordinator).flaws == {END_REASON_OTHER: 1}  # the old words are no longer read
    changed = dry_run(coordinator, [{sheet.END_REASON: "flyttet  til AARHUS"}])
    assert changed.flaws == {END_REASON_ALIAS: 1}


@pytest.mark.parametrize(
    "text, reason, message",
    [
        ("", "moved", "Skriv ordene, som arket bruger."),
        ("   ", "moved", "Skriv ordene, som arket bruger."),
        ("Mål opnået", "moved", "Ordene er allerede en af appens afslutningsårsager."),
        ("  MANGLENDE overskud ", "moved", "Jeres kommune læser allerede disse ord som en afslutningsårsag."),
    ],
)
def test_a_change_that_cannot_be_saved_is_a_danish_form_error(client, coordinator, alias, text, reason, message):
    end_reason_alias_add(acting_user=coordinator, text="Manglende overskud", end_reason="no_time")
    client.force_login(coordinator)

    response = client.post(
        reverse("sheet_end_reason_alias_update", args=[alias.pk]), {"text": text, "end_reason": reason}
    )

    assert response.status_code == 200
    assert message in page(response)
    assert EndReasonAlias.objects.get(pk=alias.pk).text == "fraflyttet kommunen"
    assert not events("update").exists()


def test_an_unknown_end_reason_is_a_danish_form_error(client, coordinator, alias):
    client.force_login(coordinator)

    response = client.post(
        reverse("sheet_end_reason_alias_update", args=[alias.pk]), {"text": "Fraflyttet", "end_reason": "nonsense"}
    )

    assert response.status_code == 200
    assert "Vælg den afslutningsårsag, ordene betyder." in page(response)
    assert EndReasonAlias.objects.get(pk=alias.pk).end_reason == "moved"


def test_the_same_words_in_other_spelling_are_a_change_of_the_end_reason_only(coordinator, alias):
    changed = end_reason_alias_update(
        acting_user=coordinator, alias=alias, text="  FRAFLYTTET kommunen", end_reason="no_interest"
    )

    assert (changed.text, changed.end_reason) == ("fraflyttet kommunen", "no_interest")
    assert events("update").count() == 1
    end_reason_alias_update(
        acting_user=coordinator, alias=changed, text="Fraflyttet kommunen", end_reason="no_interest"
    )
    assert events("update").count() == 1  # nothing changed: nothing to audit


def test_the_coordinator_deletes_the_words_after_a_confirmation(client, coordinator, alias):
    client.force_login(coordinator)
    assert dry_run(coordinator).flaws == {END_REASON_ALIAS: 1}
    url = reverse("sheet_end_reason_alias_delete", args=[alias.pk])
    assert reverse("sheet_end_reason_alias_delete", args=[alias.pk]) in page(
        client.get(reverse("sheet_end_reason_aliases"))
    )

    confirmation = page(client.get(url))
    assert "“fraflyttet kommunen” læses så ikke længere som “Flyttet”" in confirmation
    assert EndReasonAlias.objects.filter(pk=alias.pk).exists()  # asking deletes nothing

    response = client.post(url, follow=True)

    assert "Ordene er slettet." in page(response)
    assert "Ingen endnu." in page(response)
    assert not EndReasonAlias.objects.exists()
    event = events("delete").get()
    assert (event.actor, event.municipality, event.object_id) == (coordinator, coordinator.municipality, str(alias.pk))
    assert dry_run(coordinator).flaws == {END_REASON_OTHER: 1}


def test_imported_courses_keep_their_end_reason_when_the_words_are_deleted(coordinator, alias):
    assert registration_sheet_import(acting_user=coordinator, content=course_csv(MOVED_AWAY), dry_run=False).imported

    end_reason_alias_delete(acting_user=coordinator, alias=alias)

    assert Course.objects.get().end_reason == "moved"


def test_another_municipalitys_words_are_not_found(client, coordinator, other_alias):
    client.force_login(coordinator)
    for name in ("sheet_end_reason_alias_update", "sheet_end_reason_alias_delete"):
        url = reverse(name, args=[other_alias.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "Flyttet væk", "end_reason": "no_time"}).status_code == 404

    kept = EndReasonAlias.objects.get(pk=other_alias.pk)
    assert (kept.text, kept.end_reason) == ("fraflyttet kommunen", "moved")
    assert not events("update").exists() and not events("delete").exists()


def test_the_services_refuse_another_municipalitys_words_in_danish(coordinator, other_alias):
    with translation.override("da"):
        with pytest.raises(DomainError) as refused:
            end_reason_alias_update(acting_user=coordinator, alias=other_alias, text="Flyttet væk", end_reason="moved")
        assert refused.value.message == "Kun en koordinator i kommunen kan ændre dens ord for afslutningsårsager."
        with pytest.raises(DomainError):
            end_reason_alias_delete(acting_user=coordinator, alias=other_alias)

    assert EndReasonAlias.objects.filter(pk=other_alias.pk, text="fraflyttet kommunen").exists()


def test_a_manager_cannot_change_the_words(client, municipality, alias):
    manager = user_for_role(Role.MANAGER, municipality=municipality)
    client.force_login(manager)

    assert client.post(reverse("sheet_end_reason_alias_delete", args=[alias.pk])).status_code == 403
    with pytest.raises(DomainError):
        end_reason_alias_delete(acting_user=manager, alias=alias)
    assert EndReasonAlias.objects.filter(pk=alias.pk).exists()
