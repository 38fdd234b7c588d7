"""Demo data: the four municipalities of the national evaluation and Ishøj, daycares, one login
per role, and each municipality's model from its shipped preset (docs/variants.md). Idempotent: running it again leaves the same data and resets the demo passwords.

The demo users pass the second factor like everyone else: each run gives them all an
authenticator app with one new random key, printed by `seed_demo` to add to an app, and
`manage.py demo_code <username>` prints the code an app would show (development only).

Municipalities, daycares and logins are written here directly (update_or_create, so a second run
changes nothing); the courses in `demo.courses` go through the real services."""

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from demo.courses import demo_courses_seed, demo_daycare_referral
from families.models import Child
from hjemmepaed.organisation.models import (
    Anchoring,
    Daycare,
    Municipality,
    Profession,
    Role,
    StaffRole,
    User,
)
from hjemmepaed.variants.models import Preset, ReferralQuestion, Variant
from hjemmepaed.variants.presets import PRESETS, REFERRAL_QUESTIONS
from surveys.models import Invitation
from surveys.qr import survey_link
from visitation.models import DaycareStatement
from visitation.selectors_statements import daycare_statements_awaiting
from visitation.services import daycare_statement_give

DEMO_PASSWORD = "hjemmepaed-demo"

MUNICIPALITIES = [
    # name, code, username prefix, daycares, (educator, coordinator, manager) names
    (
        "København",
        "101",
        "kbh",
        [
            ("Vuggestuen Mælkebøtten", Daycare.Kind.NURSERY),
            ("Børnehuset Regnbuen", Daycare.Kind.INTEGRATED),
            ("Dagplejen Amager Vest", Daycare.Kind.CHILDMINDER),
            ("Børnehaven Solsikken", Daycare.Kind.KINDERGARTEN),
        ],
        (("Mette", "Hansen"), ("Lars", "Nielsen"), ("Susanne", "Jensen")),
    ),
    (
        "Helsingør",
        "217",
        "hel",
        [
            ("Vuggestuen Kronborg", Daycare.Kind.NURSERY),
            ("Børnehuset Øresund", Daycare.Kind.INTEGRATED),
            ("Dagplejen Espergærde", Daycare.Kind.CHILDMINDER),
        ],
        (("Camilla", "Pedersen"), ("Jens", "Andersen"), ("Hanne", "Christensen")),
    ),
    (
        "Svendborg",
        "479",
        "sve",
        [
            ("Vuggestuen Skovmusen", Daycare.Kind.NURSERY),
            ("Børnehuset Tåsinge", Daycare.Kind.INTEGRATED),
            ("Dagplejen Svendborg Nord", Daycare.Kind.CHILDMINDER),
        ],
        (("Louise", "Larsen"), ("Peter", "Sørensen"), ("Birgitte", "Rasmussen")),
    ),
    (
        "Thisted",
        "787",
        "thi",
        [
            ("Vuggestuen Klitten", Daycare.Kind.NURSERY),
            ("Børnehuset Limfjorden", Daycare.Kind.INTEGRATED),
            ("Dagplejen Hanstholm", Daycare.Kind.CHILDMINDER),
        ],
        (("Anne", "Jørgensen"), ("Søren", "Madsen"), ("Karina", "Kristensen")),
    ),
    (
        "Ishøj",
        "183",
        "ish",
        [
            ("Vuggestuen Strandhaven", Daycare.Kind.NURSERY),
            ("Børnehuset Vejleåen", Daycare.Kind.INTEGRATED),
            ("Dagplejen Ishøj Landsby", Daycare.Kind.CHILDMINDER),
        ],
        (("Nanna", "Poulsen"), ("Thomas", "Olsen"), ("Dorthe", "Knudsen")),
    ),
]

# The name each municipality signs its letters with (Municipality.authority_name).
AUTHORITY_NAMES = {
    "101": "Københavns Kommune",
    "217": "Helsingør Kommune",
    "479": "Svendborg Kommune",
    "787": "Thisted Kommune",
    "183": "Ishøj Kommune",
}

# Each demo municipality runs its own shipped preset, in force from before its first demo course.
PRESET_BY_CODE = {
    "101": Preset.KOBENHAVN,
    "217": Preset.HELSINGOR,
    "479": Preset.SVENDBORG,
    "787": Preset.THISTED,
    "183": Preset.ISHOJ,
}
PRESET_VALID_FROM = date(2020, 1, 1)  # the national project's start
# Ishøj gets a few courses, not the full plan: a quicker seed.
COURSE_PLAN_BY_CODE = {"183": {"referred": 1, "started": 2, "closed": 2}}

MUNICIPAL_USERS = [
    # role, username suffix, profession, anchoring
    (Role.HOME_EDUCATOR, "paedagog", Profession.PEDAGOGUE, Anchoring.ADMINISTRATION),
    (Role.COORDINATOR, "tovholder", "", ""),
    (Role.MANAGER, "leder", "", ""),
]


# People holding two roles: in Thisted the home educators "også er tovholdere" (seed 002).
# municipality code, username, first name, last name, primary role, extra roles, profession, anchoring
TWO_ROLE_USERS = (
    (
        "787",
        "thi-paedagog-tovholder",
        "Anne",
        "Kjær",
        Role.HOME_EDUCATOR,
        (Role.COORDINATOR,),
        Profession.PEDAGOGUE,
        Anchoring.DAYCARE,
    ),
)


# Helsingør's daycare leader gives her own statement on referrals of her daycare's children (issue 14).
# municipality code, username, first name, last name, the daycare she leads
# She leads the daycare of the first referral awaiting the decision whose child attends one (so
# her list has a referral on a first run), else the one named here.
DAYCARE_LEADER_USERS = (("217", "hel-dagtilbudsleder", "Lone", "Berg", "Vuggestuen Kronborg"),)
DEMO_STATEMENT = "Barnet trives i vuggestuen og leger godt med de andre; mor virker presset ved aflevering om morgenen."


ADMINISTRATION_USERS = (
    # role, username, first name, last name
    (Role.ANALYST, "analytiker", "Niels", "Holm"),
    (Role.ADMINISTRATOR, "admin", "Ida", "Friis"),
)


def demo_usernames() -> list[str]:
    return (
        [
            f"{prefix}-{suffix}"
            for _name, _code, prefix, _daycares, _people in MUNICIPALITIES
            for _role, suffix, _profession, _anchoring in MUNICIPAL_USERS
        ]
        + [entry[1] for entry in TWO_ROLE_USERS]
        + [entry[1] for entry in DAYCARE_LEADER_USERS]
        + [username for _role, username, _first, _last in ADMINISTRATION_USERS]
    )


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    municipality: str
    extra_roles: tuple = ()


def _user(*, username, first_name, last_name, role, municipality=None, profession="", anchoring="", daycare=None):
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@demo.hjemmepaed.invalid",
            "role": role,
            "municipality": municipality,
            "profession": profession,
            "anchoring": anchoring,
            "daycare": daycare,
            "is_active": True,
            "is_staff": role == Role.ADMINISTRATOR,
            "is_superuser": role == Role.ADMINISTRATOR,
        },
    )
    user.password = _demo_password_hash(settings.PASSWORD_HASHERS[0])
    user.save(update_fields=["password"])
    return user


@functools.cache
def _demo_password_hash(_hasher: str) -> str:
    """The demo password hashed once for all demo users (the same public password: one salt is
    no loss), not once per user: the production hasher takes most of a second each time, which
    was 15 of `make run`'s seconds for 19 users. Keyed by the hasher in use."""
    return make_password(DEMO_PASSWORD)


def _variant_seed(*, municipality: Municipality) -> None:
    """The municipality's preset as its version since 2020, written directly as the demo's
    municipalities are: the service refuses a back-dated version, and the demo's courses started
    long ago. København's visitation team is its coordinator and its educator; its referral
    questions are the three of Bilag 5."""
    preset = PRESET_BY_CODE[municipality.code]
    variant, _ = Variant.objects.update_or_create(
        municipality=municipality,
        valid_from=PRESET_VALID_FROM,
        defaults={**PRESETS[preset], "note": "Demo: kommunens medfølgende skabelon."},
    )
    if preset == Preset.KOBENHAVN:
        variant.team_members.set(
            User.objects.filter(municipality=municipality, role__in=[Role.COORDINATOR, Role.HOME_EDUCATOR])
        )
    for position, text in enumerate(REFERRAL_QUESTIONS.get(preset, [])):
        ReferralQuestion.objects.update_or_create(
            municipality=municipality, text=text, defaults={"position": position, "is_active": True}
        )


def _two_role_user(entry, *, municipality) -> DemoLogin:
    _code, username, first, last, role, extra, profession, anchoring = entry
    user = _user(
        username=username,
        first_name=first,
        last_name=last,
        role=role,
        municipality=municipality,
        profession=profession,
        anchoring=anchoring,
    )
    StaffRole.objects.filter(user=user).exclude(role__in=extra).delete()
    for extra_role in extra:
        StaffRole.objects.get_or_create(user=user, role=extra_role)
    return DemoLogin(role=role, username=username, municipality=municipality.name, extra_roles=tuple(extra))


def _daycare_leader(entry, *, municipality) -> DemoLogin:
    _code, username, first, last, daycare_name = entry
    waiting = Child.objects.filter(
        family__courses__municipality=municipality, family__courses__phase="referred", daycare__isnull=False
    ).order_by("family__courses__pk", "pk")
    first_waiting = waiting.select_related("daycare").first()
    daycare = (
        first_waiting.daycare if first_waiting else Daycare.objects.get(municipality=municipality, name=daycare_name)
    )
    _user(
        username=username,
        first_name=first,
        last_name=last,
        role=Role.DAYCARE_LEADER,
        municipality=municipality,
        daycare=daycare,
    )
    return DemoLogin(role=Role.DAYCARE_LEADER, username=username, municipality=municipality.name)


def _daycare_statements_seed(*, municipality) -> None:
    """Her statement on the first referral of her daycare's children, through the real service
    (the same text again changes nothing), and a second referral waiting for hers. On a first run
    without such referrals the two are registered; a later run adds none."""
    for leader in User.objects.filter(municipality=municipality, role=Role.DAYCARE_LEADER, daycare__isnull=False):
        if not DaycareStatement.objects.filter(author=leader).exists():
            for _missing in range(2 - daycare_statements_awaiting(user=leader).count()):
                demo_daycare_referral(municipality=municipality, daycare=leader.daycare)
        course = daycare_statements_awaiting(user=leader).first()
        if course is not None:
            daycare_statement_give(acting_user=leader, course=course, text=DEMO_STATEMENT)


@transaction.atomic
def demo_data_seed() -> list[DemoLogin]:
    logins = []
    for name, code, prefix, daycares, people in MUNICIPALITIES:
        # A demo hourly rate so the reports' cost table has numbers on a first run.
        names = {"name": name, "authority_name": AUTHORITY_NAMES[code]}
        municipality, _ = Municipality.objects.update_or_create(
            code=code, defaults=names, create_defaults={**names, "visit_hourly_rate": Decimal("450")}
        )
        for daycare_name, kind in daycares:
            Daycare.objects.update_or_create(municipality=municipality, name=daycare_name, defaults={"kind": kind})
        for (role, suffix, profession, anchoring), (first, last) in zip(MUNICIPAL_USERS, people):
            user = _user(
                username=f"{prefix}-{suffix}",
                first_name=first,
                last_name=last,
                role=role,
                municipality=municipality,
                profession=profession,
                anchoring=anchoring,
            )
            logins.append(DemoLogin(role=role, username=user.username, municipality=name))
        for entry in TWO_ROLE_USERS:
            if entry[0] == code:
                logins.append(_two_role_user(entry, municipality=municipality))
    for municipality in Municipality.objects.filter(code__in=[entry[1] for entry in MUNICIPALITIES]):
        _variant_seed(municipality=municipality)
        demo_courses_seed(municipality=municipality, plan=COURSE_PLAN_BY_CODE.get(municipality.code))
        for entry in DAYCARE_LEADER_USERS:
            if entry[0] == municipality.code:
                logins.append(_daycare_leader(entry, municipality=municipality))
        _daycare_statements_seed(municipality=municipality)
    for role, username, first, last in ADMINISTRATION_USERS:
        _user(username=username, first_name=first, last_name=last, role=role)
        logins.append(DemoLogin(role=role, username=username, municipality=""))
    return logins


@transaction.atomic
def demo_apps_seed() -> TOTPDevice:
    """Every demo user gets a set-up authenticator app with one new random key (the same for
    all, so one entry in an app serves every demo login). Returns one of the devices."""
    key = default_key()
    users = list(User.objects.filter(username__in=demo_usernames()))
    TOTPDevice.objects.filter(user__in=users).delete()
    StaticDevice.objects.filter(user__in=users).delete()
    devices = TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name="Authenticator app (demo)", key=key, confirmed=True) for user in users
    )
    return devices[0]


def demo_parent_link() -> str:
    """A link a parent of a demo course could open: an open invitation in København."""
    now = timezone.now()
    invitation = (
        Invitation.objects.filter(
            course__municipality__code="101", answered_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now
        )
        .order_by("pk")
        .first()
    )
    return survey_link(invitation.token) if invitation else ""
