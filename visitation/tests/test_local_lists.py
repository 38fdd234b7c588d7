"""A municipality's own risk factors beside Bilag 2's: offered, recorded, refused elsewhere."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import user_for_role
from visitation.models import LocalRiskFactor, ReferralRiskFactor
from visitation.selectors import referral_for_course
from visitation.services import local_risk_factor_active_set, local_risk_factor_add
from visitation.tests.factories import referral_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(municipality):
    return user_for_role(Role.MANAGER, municipality=municipality)


@pytest.fixture
def no_surplus(manager):
    """Bilag 2's “manglende overskud”, which the national list lacks."""
    return local_risk_factor_add(acting_user=manager, kind="parent", label="Manglende overskud")


@pytest.fixture
def elsewhere(other_municipality):
    manager = user_for_role(Role.MANAGER, municipality=other_municipality)
    return local_risk_factor_add(acting_user=manager, kind="parent", label="Manglende overskud")


def test_a_referral_records_a_local_factor_marked_local(coordinator, no_surplus, django_assert_num_queries):
    course = referral_register(coordinator=coordinator, parent_risk_factors=["parent_role", no_surplus.code])
    # referral, factors with their local ones, revisions, and the answers to the municipality's
    # own referral questions (one fixed query since the intake follows the municipality's model)
    with django_assert_num_queries(4):
        referral = referral_for_course(course=course)
        labels = sorted(str(f.label) for f in referral.risk_factors.all())
    assert "Manglende overskud (lokal)" in labels
    assert len(labels) == 3  # two parents' factors and the child's


def test_another_municipalitys_factor_is_refused_in_danish(coordinator, elsewhere):
    with pytest.raises(DomainError) as error:
        referral_register(coordinator=coordinator, parent_risk_factors=[elsewhere.code])
    assert error.value.message == "En valgt risikofaktor står ikke på kommunens liste over risikofaktorer i brug."


def test_a_parents_factor_is_not_a_childs(coordinator, no_surplus):
    with pytest.raises(DomainError) as error:
        referral_register(coordinator=coordinator, child_risk_factors=[no_surplus.code])
    assert error.value.message == "En valgt risikofaktor står ikke på kommunens liste over risikofaktorer i brug."


def test_a_factor_taken_out_of_use_stays_on_its_referrals(coordinator, manager, no_surplus):
    course = referral_register(coordinator=coordinator, parent_risk_factors=[no_surplus.code])
    local_risk_factor_active_set(acting_user=manager, factor=no_surplus, is_active=False)
    assert course.referral.risk_factors.filter(local_factor=no_surplus).exists()
    with pytest.raises(DomainError) as error:
        referral_register(coordinator=coordinator, parent_risk_factors=[no_surplus.code])
    assert error.value.message == "En valgt risikofaktor står ikke på kommunens liste over risikofaktorer i brug."


def test_an_unknown_national_factor_is_refused(coordinator):
    with pytest.raises(DomainError) as error:
        referral_register(coordinator=coordinator, parent_risk_factors=["no_surplus"])
    assert error.value.message == "Vælg risikofaktorer fra listen."


def test_a_coordinator_does_not_add_factors(coordinator):
    with pytest.raises(DomainError) as error:
        local_risk_factor_add(acting_user=coordinator, kind="parent", label="Manglende overskud")
    assert error.value.message == "Kun kommunens leder kan ændre kommunens egne lister."


def test_a_national_factor_cannot_be_added_again(manager):
    # The national labels compare as the manager reads them (Danish).
    with pytest.raises(DomainError) as error:
        local_risk_factor_add(acting_user=manager, kind="child", label="Er uroligt")
    assert error.value.message == "Risikofaktoren “Er uroligt” står allerede på listen."


def test_the_kind_is_parent_or_child(manager):
    with pytest.raises(DomainError) as error:
        local_risk_factor_add(acting_user=manager, kind="family", label="Manglende overskud")
    assert error.value.message == "Vælg, om faktoren handler om forældrene eller barnet."


def test_the_database_refuses_an_unknown_or_a_double_factor(coordinator, no_surplus):
    referral = referral_register(coordinator=coordinator).referral
    for row in (
        ReferralRiskFactor(referral=referral, kind="parent", factor="no_surplus"),
        ReferralRiskFactor(referral=referral, kind="parent", factor="burden", local_factor=no_surplus),
        ReferralRiskFactor(referral=referral, kind="parent", factor=""),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            row.save()


def test_the_referral_form_offers_the_municipalitys_factors_only(client, coordinator, no_surplus, other_municipality):
    LocalRiskFactor.objects.create(municipality=other_municipality, kind="child", label="Skærmtid")
    client.force_login(coordinator)
    page = client.get(reverse("referral_create")).content.decode()
    assert "Manglende overskud (lokal)" in page
    assert "Skærmtid" not in page


def test_the_manager_adds_and_deactivates_on_the_page(client, manager, no_surplus, elsewhere):
    client.force_login(manager)
    response = client.post(reverse("local_risk_factor_list"), {"kind": "child", "label": "Skærmtid"})
    assert response.status_code == 302
    assert "“Skærmtid” er føjet til risikofaktorerne." in client.get(response["Location"]).content.decode()
    client.post(reverse("local_risk_factor_active", args=[no_surplus.pk]), {"is_active": "no"})
    no_surplus.refresh_from_db()
    assert no_surplus.is_active is False
    assert client.post(reverse("local_risk_factor_active", args=[elsewhere.pk]), {"is_active": "no"}).status_code == 404
