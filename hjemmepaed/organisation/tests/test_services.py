import pytest

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation import services
from hjemmepaed.organisation.models import Daycare, Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role

pytestmark = pytest.mark.django_db


def test_create_daycare_in_own_municipality_is_audited(coordinator, municipality):
    daycare = services.daycare_create(acting_user=coordinator, name="  Vuggestuen Spiren ", kind=Daycare.Kind.NURSERY)
    assert daycare.municipality == municipality
    assert daycare.name == "Vuggestuen Spiren"
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_id) == (coordinator, "create", str(daycare.pk))
    assert event.municipality == municipality


def test_duplicate_name_is_refused_in_danish(coordinator, municipality):
    DaycareFactory(municipality=municipality, name="Vuggestuen Spiren")
    with pytest.raises(DomainError) as error:
        services.daycare_create(acting_user=coordinator, name="vuggestuen spiren", kind="nursery")
    assert error.value.field == "name"
    assert str(error.value) == "Kommunen har allerede et dagtilbud med navnet “vuggestuen spiren”."
    assert not AuditEvent.objects.exists()


def test_staff_without_municipality_cannot_create(municipality):
    with pytest.raises(DomainError) as error:
        services.daycare_create(acting_user=user_for_role(Role.ADMINISTRATOR), name="X", kind="nursery")
    assert "kommune" in str(error.value)


def test_update_saves_and_audits_only_what_changed(coordinator, municipality):
    daycare = DaycareFactory(municipality=municipality, name="Gammelt navn")
    services.daycare_update(
        acting_user=coordinator, daycare=daycare, name="Nyt navn", kind=daycare.kind, is_active=True
    )
    daycare.refresh_from_db()
    assert daycare.name == "Nyt navn"
    assert AuditEvent.objects.get().criterion == "name"


def test_update_without_change_writes_nothing(coordinator, municipality):
    daycare = DaycareFactory(municipality=municipality)
    services.daycare_update(
        acting_user=coordinator,
        daycare=daycare,
        name=daycare.name,
        kind=daycare.kind,
        is_active=daycare.is_active,
    )
    assert not AuditEvent.objects.exists()


def test_rename_onto_an_existing_name_is_refused(coordinator, municipality):
    DaycareFactory(municipality=municipality, name="Solsikken")
    daycare = DaycareFactory(municipality=municipality, name="Mælkebøtten")
    with pytest.raises(DomainError):
        services.daycare_update(
            acting_user=coordinator, daycare=daycare, name="Solsikken", kind="nursery", is_active=True
        )
