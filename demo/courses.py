"""Demo courses for a first run: every phase, visits, closures, parents' answers and SDQ.

Built only through the real services, so the demo obeys every rule the product does. Names are
invented. Deterministic (a fixed random seed) and done once per municipality.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from courses import rules as course_rules
from courses import services as course_services
from courses.models import Course, Goal
from courses.services import GoalData, GoalResult
from courses.variants import course_variant
from families import services as family_services
from families.selectors import consent_texts_current
from hjemmepaed.organisation.models import Municipality, Role, User, role_q
from sdq import services as sdq_services
from surveys import services as survey_services
from surveys.engine import Walk
from surveys.selectors import child_labels_for_invitation
from visitation import services as referral_services
from visitation.services import ChildData, GuardianData
from visitation.services.intake_rules import intake_variant

MOTHERS = ["Sara", "Fatima", "Louise", "Maja", "Amalie", "Nadia", "Camilla", "Sofie", "Line", "Ayse", "Emma", "Julie"]
FATHERS = ["Jonas", "Ali", "Mads", "Rasmus", "Omar", "Kasper", "Mikkel", "Emil", "Anders", "Mehmet"]
CHILDREN = ["Alma", "Noah", "Ella", "Oscar", "Freja", "Karl", "Ida", "Malthe", "Agnes", "Aksel", "Vigga", "Bo"]
SURNAMES = ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Larsen", "Yilmaz", "Hussein", "Christensen"]
CONCERNS = [
    "Mor oplever forældrerollen som svær efter fødslen og er usikker på barnets signaler.",
    "Familien har svært ved at skabe rytme i hverdagen; barnet sover uroligt.",
    "Forældrene er ofte uenige om grænser, og barnet er svært at trøste.",
    "Barnet søger mindre kontakt end forventet; forældrene ønsker vejledning i leg.",
]
GOALS = [
    GoalData(theme="home_relations", description="Faste rammer ved sengetid", weight_at_start=8),
    GoalData(theme="child_development", description="Barnet falder lettere til ro", weight_at_start=7),
    GoalData(theme="daycare_cooperation", description="Tryg aflevering i vuggestuen", weight_at_start=6),
]
METHODS = [["loft"], ["dialogic_reading", "pictograms"], ["walk_and_talk"], ["reward_chart"], []]
# How many courses of each kind a municipality gets.
PLAN = {"referred": 2, "waiting": 1, "decided": 1, "started": 4, "closed": 7}


def _family(rng: random.Random, *, today: date, child_age_days: int, two_children: bool, daycare):
    surname = rng.choice(SURNAMES)
    mother = f"{rng.choice(MOTHERS)} {surname}"
    guardians = [GuardianData(name=mother, relation="mother", phone=f"2{rng.randint(1000000, 9999999)}")]
    if rng.random() < 0.7:
        guardians.append(GuardianData(name=f"{rng.choice(FATHERS)} {surname}", relation="father"))
    in_daycare = daycare is not None and child_age_days > 330 and rng.random() < 0.6
    children = [
        ChildData(
            name=f"{rng.choice(CHILDREN)} {surname}",
            birth_date=today - timedelta(days=child_age_days),
            daycare=daycare if in_daycare else None,
            attends_daycare=in_daycare,
        )
    ]
    if two_children:
        children.append(
            ChildData(name=f"{rng.choice(CHILDREN)} {surname}", birth_date=today - timedelta(days=child_age_days - 365))
        )
    return guardians, children


def _participation(*, municipality) -> dict:
    """What the municipality's model asks of a decision, filled in as its demo would: the first
    named member of the visitation team, or a daycare leader's statement."""
    variant = intake_variant(municipality=municipality)
    if variant.visitation == "team" and variant.pk:
        return {"team_members": list(variant.team_members.all()[:1])}
    if variant.visitation == "daycare_leader":
        return {
            "daycare_leader_name": "Dagtilbudslederen",
            "daycare_leader_statement": "Barnet trives i dagtilbuddet; familien kan have gavn af støtte hjemme.",
        }
    return {}


def _referral(
    rng,
    *,
    coordinator: User,
    received_on: date,
    child_age_days: int,
    daycare,
    age_at_start: int = 0,
    educator: User | None = None,
) -> Course:
    """A referral; a younger sibling (a year younger) only when it is born by the start. Where the
    model requires no visitation it is approved at once, with `educator`."""
    today = timezone.localdate()
    guardians, children = _family(
        rng,
        today=today,
        child_age_days=child_age_days,
        two_children=(age_at_start or child_age_days) > 450 and rng.random() < 0.35,
        daycare=daycare,
    )
    course = referral_services.referral_register(
        acting_user=coordinator,
        received_on=received_on,
        recruited_by=rng.choice(["health_visiting", "health_visiting", "daycare", "family", "midwife"]),
        concern=rng.choice(CONCERNS),
        complexity="low",
        guardians=guardians,
        children=children,
        parent_risk_factors=rng.sample(["parent_role", "imbalance", "burden", "conflicts", "guidance"], 2),
        child_risk_factors=rng.sample(["hard_to_comfort", "no_rhythm", "restless", "little_contact"], 1),
        consent_given_on=received_on,
        consent_given_by=guardians[0].name,
        single_parent=len(guardians) == 1,
        primary_educator=educator,
    )
    _consents(course=course, coordinator=coordinator, given_on=received_on)
    return course


def _consents(*, course: Course, coordinator: User, given_on: date) -> None:
    """The parents consent to every scope when the referral is made (the wording in force)."""
    for guardian in course.family.guardians.filter(has_custody=True):
        for text in consent_texts_current():
            family_services.consent_record(
                acting_user=coordinator,
                course=course,
                guardian=guardian,
                scope=text.scope,
                text_version=text,
                given_on=given_on,
            )


def _answers(rng, walk: Walk, labels: list[str]) -> dict:
    """A plausible parent: mostly positive, now and then neutral or negative."""

    def agreement():
        return rng.choices(["strongly_agree", "agree", "neutral", "disagree", "dont_know"], [5, 4, 1, 0.5, 0.5])[0]

    answers = {
        "q1": rng.choice(["mother", "mother", "father"]),
        "q2": rng.choice(["yes", "no", "no"]),
        "q3": str(len(labels)),
    }
    for child in range(1, len(labels) + 1):
        answers[f"q4_b{child}"] = rng.choice(["yes", "no"])
        answers[f"q5_b{child}"] = agreement()
        answers[f"q6_b{child}"] = agreement()
        if answers[f"q4_b{child}"] == "yes":
            answers[f"q8_b{child}"] = agreement()
    answers["q7"] = agreement()
    answers["q9"] = str(rng.choice([7, 8, 9, 9, 10, 10, 6]))
    return answers


def _sdq(rng, *, course: Course, educator: User, on: date, timing: str) -> None:
    for child in course.family.children.all():
        if child.birth_date is None or (on - child.birth_date).days < 24 * 31:
            continue
        shift = -1 if timing == "end" else 0
        items = {
            n: max(0, min(2, rng.choice([0, 0, 1, 1, 2]) + (shift if n not in (1, 4, 9, 17, 20) else 0)))
            for n in range(1, 26)
        }
        sdq_services.measurement_record(
            acting_user=educator,
            course=course,
            child=child,
            timing=timing,
            informant="parent",
            measured_on=on,
            answers=sdq_services.Answers(items=items, impact={"impact_difficulties": rng.choice([0, 1, 2])}),
        )


def demo_courses_seed(*, municipality: Municipality, plan: dict | None = None) -> dict:
    """Courses in every phase for one municipality (`plan`: how many of each kind, else `PLAN`);
    nothing when it already has courses."""
    if Course.objects.filter(municipality=municipality).exists():
        return {}
    rng = random.Random(f"hjemmepaed-{municipality.code}")
    today = timezone.localdate()
    coordinator = User.objects.filter(municipality=municipality, role=Role.COORDINATOR, is_active=True).first()
    educators = list(User.objects.filter(role_q(Role.HOME_EDUCATOR), municipality=municipality, is_active=True))
    daycares = list(municipality.daycares.all())
    if coordinator is None or not educators:
        return {}
    family_services.consent_texts_install()  # in place after migrate; a test database's flush removes them
    counts = {}
    for kind, number in (plan or PLAN).items():
        for index in range(number):
            educator = educators[index % len(educators)]
            daycare = rng.choice(daycares) if daycares else None
            if kind in ("referred", "waiting"):
                course = _referral(
                    rng,
                    coordinator=coordinator,
                    received_on=today - timedelta(days=rng.randint(2, 20)),
                    child_age_days=rng.randint(90, 600),
                    daycare=daycare,
                    educator=educator,
                )
                if kind == "waiting" and course.phase == "referred":  # without visitation it is approved already
                    referral_services.referral_waitlist(
                        acting_user=coordinator,
                        course=course,
                        placed_on=today - timedelta(days=1),
                        position=index + 1,
                        **_participation(municipality=course.municipality),
                    )
                counts[kind] = counts.get(kind, 0) + 1
                continue
            start = today - timedelta(
                days={"decided": 0, "started": rng.randint(20, 150), "closed": rng.randint(150, 330)}[kind]
            )
            received = start - timedelta(days=rng.randint(20, 45))
            age_at_start = rng.choice([rng.randint(120, 500), rng.randint(735, 800)])
            course = _referral(
                rng,
                coordinator=coordinator,
                received_on=received,
                child_age_days=(today - start).days + age_at_start,
                daycare=daycare,
                age_at_start=age_at_start,
                educator=educator,
            )
            if course.phase == "referred":  # without visitation (Ishøj) it was approved at registration
                course = referral_services.referral_approve(
                    acting_user=coordinator,
                    course=course,
                    decided_on=received + timedelta(days=rng.randint(3, 14)),
                    primary_educator=educator,
                    **_participation(municipality=course.municipality),
                )
            if kind == "decided":
                counts[kind] = counts.get(kind, 0) + 1
                continue
            course = course_services.course_start(
                acting_user=educator,
                course=course,
                start_date=start,
                participants="Forældrene og hjemmepædagogen",
                goals=rng.sample(GOALS, 2),
            )
            goals = list(course.goals.all())
            if kind == "closed":
                _sdq(rng, course=course, educator=educator, on=start, timing="start")
            last_day = (
                min(today - timedelta(days=2), course.planned_end_date - timedelta(days=1))
                if kind == "closed"
                else today - timedelta(days=1)
            )
            day = start + timedelta(days=7)
            variant = course_variant(course)
            held = 0
            # As often as the rhythm gives, within the model's cap (Ishøj: 10, the start-up meeting the first).
            while day <= last_day and course_rules.visit_cap_error(variant=variant, held=held) is None:
                course_services.visit_log(
                    acting_user=educator,
                    course=course,
                    date=day,
                    duration_minutes=rng.choice([60, 75, 90, 90, 120]),
                    goals=rng.sample(goals, 1),
                    methods=rng.choice(METHODS),
                    note="Godt besøg; aftalt næste skridt.",
                )
                held += 1
                day += timedelta(days=rng.choice([7, 14, 14, 21]))
            if kind == "closed":
                end = min(last_day + timedelta(days=1), today - timedelta(days=1))
                _sdq(rng, course=course, educator=educator, on=end, timing="end")
                reason = rng.choice(["goals_reached", "goals_reached", "goals_reached", "other_service", "moved"])
                course = course_services.course_close(
                    acting_user=educator,
                    course=course,
                    end_date=end,
                    end_reason=reason,
                    end_reason_detail="Familiebehandling" if reason == "other_service" else "",
                    goals_reached_answer=rng.choice(["strongly_agree", "agree", "agree", "neutral"]),
                    child_developed_answer=rng.choice(["strongly_agree", "agree", "agree", "neutral"]),
                    goal_results=[
                        GoalResult(
                            goal=goal,
                            status=rng.choice(["reached", "reached", "partly"]),
                            weight_at_end=rng.randint(2, 5),
                        )
                        for goal in Goal.objects.filter(course=course)
                    ],
                )
                # Most parents answer; the last closed course keeps its invitations open for trying.
                if index < number - 1:
                    for invitation in course.invitations.all()[:1]:
                        labels = child_labels_for_invitation(invitation)
                        walk = Walk(invitation.questionnaire, child_labels=labels)
                        survey_services.response_submit(
                            walk=walk, answers=_answers(rng, walk, labels), invitation=invitation
                        )
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def demo_daycare_referral(*, municipality: Municipality, daycare) -> Course:
    """A referral awaiting the decision of a child who attends `daycare`, for its leader's
    statement (Helsingør); registered as the municipality's coordinator would."""
    rng = random.Random(f"hjemmepaed-{municipality.code}-{daycare.pk}")
    coordinator = User.objects.filter(municipality=municipality, role=Role.COORDINATOR, is_active=True).first()
    today = timezone.localdate()
    surname = rng.choice(SURNAMES)
    received_on = today - timedelta(days=4)
    mother = GuardianData(name=f"{rng.choice(MOTHERS)} {surname}", relation="mother", has_custody=True)
    course = referral_services.referral_register(
        acting_user=coordinator,
        received_on=received_on,
        recruited_by="daycare",
        concern=rng.choice(CONCERNS),
        complexity="low",
        guardians=[mother],
        children=[
            ChildData(
                name=f"{rng.choice(CHILDREN)} {surname}",
                birth_date=today - timedelta(days=420),
                daycare=daycare,
                attends_daycare=True,
            )
        ],
        parent_risk_factors=["parent_role"],
        consent_given_on=received_on,
        consent_given_by=mother.name,
    )
    _consents(course=course, coordinator=coordinator, given_on=received_on)
    return course
