"""The retention years and the archive decision: only the municipality's manager sets them, and
every rule shows its Danish message. (The page is in privacy/tests/test_retention_settings.py.)"""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation import services
from hjemmepaed.organisation.models import ArchiveDecision, Municipality, Role
from hjemmepaed.organisation.tests.factories import user_for_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(municipality):
    return user_for_role(Role.MANAGER, municipality=municipality)


def test_a_new_municipality_keeps_personal_data_for_five_years(municipality):
    assert municipality.retention_years == 5


@pytest.mark.parametrize("years", [0, 21, -3])
def test_the_years_must_be_from_1_to_20(manager, municipality, years):
    with pytest.raises(DomainError) as error:
        services.municipality_retention_set(acting_user=manager, municipality=municipality, years=years)
    assert error.value.message == "Personoplysninger skal opbevares fra 1 til 20 år, efter et forløb er slut."
    assert error.value.field == "retention_years"
    assert Municipality.objects.get(pk=municipality.pk).retention_years == 5


def test_the_database_refuses_years_outside_1_to_20(municipality):
    with pytest.raises(IntegrityError):
        Municipality.objects.filter(pk=municipality.pk).update(retention_years=21)


@pytest.mark.parametrize("years", [1, 20])
def test_the_years_are_saved_and_audited(manager, municipality, years):
    services.municipality_retention_set(acting_user=manager, municipality=municipality, years=years)
    assert Municipality.objects.get(pk=municipality.pk).retention_years == years
    event = AuditEvent.objects.get(object_type="municipality_retention")
    assert (event.action, event.actor, event.criterion) == ("update", manager, f"retention years 5 -> {years}")


def test_only_a_manager_of_the_municipality_decides(coordinator, municipality, other_municipality):
    other_manager = user_for_role(Role.MANAGER, municipality=other_municipality)
    for user in (coordinator, other_manager):
        with pytest.raises(DomainError) as error:
            services.municipality_retention_set(acting_user=user, municipality=municipality, years=7)
        assert error.value.message == "Kun en leder i kommunen kan ændre, hvor længe personoplysninger opbevares."
        with pytest.raises(DomainError):
            services.archive_decision_record(
                acting_user=user, municipality=municipality, decided_on=date(2025, 1, 1), reference="X-1"
            )
    assert not ArchiveDecision.objects.exists()


def test_the_latest_archive_decision_counts_and_history_is_kept(manager, municipality):
    first = services.archive_decision_record(
        acting_user=manager, municipality=municipality, decided_on=date(2024, 1, 15), reference="00.01.10-P20-1-24"
    )
    second = services.archive_decision_record(
        acting_user=manager,
        municipality=municipality,
        decided_on=date(2025, 3, 1),
        reference="00.01.10-P20-4-25",
        note="Kassation efter 5 år, jf. bevaringsbestemmelsen.",
    )
    assert list(municipality.archive_decisions.all()) == [second, first]
    assert second.recorded_by == manager and second.recorded_at is not None
    assert AuditEvent.objects.filter(object_type="archive_decision", action="create").count() == 2


def test_an_archive_decision_needs_a_reference_and_a_date_not_in_the_future(manager, municipality):
    with pytest.raises(DomainError) as error:
        services.archive_decision_record(
            acting_user=manager, municipality=municipality, decided_on=date(2025, 1, 1), reference="  "
        )
    assert (error.value.message, error.value.field) == ("Skriv beslutningens sags- eller journalnummer.", "reference")
    with pytest.raises(DomainError) as error:
        services.archive_decision_record(
            acting_user=manager,
            municipality=municipality,
            decided_on=timezone.localdate() + timedelta(days=1),
            reference="X-1",
        )
    assert (error.value.message, error.value.field) == ("Beslutningsdatoen kan ikke ligge i fremtiden.", "decided_on")
