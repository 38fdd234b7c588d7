"""Many courses at once, for the tests of lists and pages (paging, a phone's layout), where
the services' path is not what is tested: the rows the services would leave (family, guardian,
child, referral, the course with its dates and phase changes, goals), made with bulk_create in
a few queries, within the models' constraints. Tests of a rule build their states through
the real services (`visitation.tests.factories`)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from courses.models import Course, Goal, Phase, PhaseChange
from families.models import Child, Family, Guardian
from visitation.models import Referral


@dataclass(frozen=True)
class Planned:
    """One course to make: its guardian's name, its phase and (started) its start date."""

    guardian: str
    phase: str = Phase.REFERRED
    start_date: date | None = None


def courses_bulk(*, coordinator, educator=None, planned: list[Planned]) -> list[Course]:
    """Referred, approved (decided) or started courses in the coordinator's municipality, as
    `referral_register`, `referral_approve` and `course_start` leave them; started ones have the
    two goals of `factories.course_started`, and their child was born 200 days before the start."""
    today = timezone.localdate()
    now = timezone.now()
    municipality = coordinator.municipality
    families = Family.objects.bulk_create(Family(municipality=municipality) for _ in planned)
    Guardian.objects.bulk_create(
        Guardian(family=family, name=plan.guardian, relation="mother", phone="20304050")
        for family, plan in zip(families, planned, strict=True)
    )
    Child.objects.bulk_create(
        Child(family=family, name="Alma", birth_date=(plan.start_date or today) - timedelta(days=200))
        for family, plan in zip(families, planned, strict=True)
    )
    courses = []
    for family, plan in zip(families, planned, strict=True):
        started = plan.phase == Phase.STARTED
        start = (plan.start_date or today) if started else None
        decided_on = (start or today) - timedelta(days=7) if plan.phase != Phase.REFERRED else None
        courses.append(
            Course(
                municipality=municipality,
                family=family,
                phase=plan.phase,
                primary_educator=educator if plan.phase != Phase.REFERRED else None,
                visitation_date=decided_on,
                start_date=start,
                planned_end_date=start + timedelta(weeks=40) if started else None,
            )
        )
    courses = Course.objects.bulk_create(courses)
    Referral.objects.bulk_create(
        Referral(
            course=course,
            received_on=(plan.start_date or today) - timedelta(days=21 if plan.start_date else 20),
            recruited_by="health_visiting",
            concern="Mor oplever forældrerollen som svær efter fødslen.",
            complexity="low",
            consent_given_on=today - timedelta(days=20),
            consent_given_by=plan.guardian,
            registered_by=coordinator,
        )
        for course, plan in zip(courses, planned, strict=True)
    )
    moves = {
        Phase.REFERRED: [("", Phase.REFERRED)],
        Phase.DECIDED: [("", Phase.REFERRED), (Phase.REFERRED, Phase.DECIDED)],
        Phase.STARTED: [("", Phase.REFERRED), (Phase.REFERRED, Phase.DECIDED), (Phase.DECIDED, Phase.STARTED)],
    }
    PhaseChange.objects.bulk_create(
        PhaseChange(course=course, from_phase=from_phase, to_phase=to_phase, at=now, by=coordinator)
        for course in courses
        for from_phase, to_phase in moves[course.phase]
    )
    Goal.objects.bulk_create(
        goal
        for course in courses
        if course.phase == Phase.STARTED
        for goal in (
            Goal(course=course, theme="home_relations", description="Faste rammer ved sengetid", weight_at_start=8),
            Goal(course=course, theme="child_development", description="Alma falder lettere til ro", weight_at_start=7),
        )
    )
    return courses
