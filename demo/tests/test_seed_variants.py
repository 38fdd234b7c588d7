"""The demo's courses are made through the intake as each municipality's model shapes it."""

import pytest

from courses.models import Course
from demo.courses import demo_courses_seed
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import DaycareFactory, MunicipalityFactory, user_for_role
from hjemmepaed.variants.models import Preset
from hjemmepaed.variants.tests.factories import variant_from_preset
from visitation.models import IntakeDecision

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("preset", "kinds"),
    [
        (Preset.KOBENHAVN, {"approve", "waitlist"}),
        (Preset.HELSINGOR, {"approve", "waitlist"}),
        (Preset.ISHOJ, {"no_visitation"}),
    ],
)
def test_demo_courses_follow_the_model(preset, kinds):
    municipality = MunicipalityFactory(name="Demokommune", code="999")
    coordinator = user_for_role(Role.COORDINATOR, municipality=municipality)
    user_for_role(Role.HOME_EDUCATOR, municipality=municipality)
    DaycareFactory(municipality=municipality)
    variant = variant_from_preset(municipality=municipality, preset=preset)
    variant.team_members.set([coordinator])
    demo_courses_seed(municipality=municipality)
    assert Course.objects.filter(municipality=municipality, phase="decided").exists()
    assert set(IntakeDecision.objects.values_list("kind", flat=True)) == kinds
