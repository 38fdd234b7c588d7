from django.urls import reverse

from hjemmepaed.organisation.models import Role
from hjemmepaed.tests.access import AccessCase


def statement_asked(world) -> None:
    """The world's municipality runs the national model, which asks no daycare leader's
    statement; the statement's pages put Helsingør's model in force from today for the test
    that opens them (its transaction undoes it). The world's daycare leader leads the daycare of
    the "statement_referral" child (`build_objects`)."""
    from django.utils import timezone

    from hjemmepaed.variants.models import Preset, Variant
    from hjemmepaed.variants.tests.factories import variant_from_preset

    today = timezone.localdate()
    if not Variant.objects.filter(municipality=world.own, valid_from=today, preset=Preset.HELSINGOR).exists():
        variant_from_preset(municipality=world.own, preset=Preset.HELSINGOR, valid_from=today)


def _statement_url(world, which):
    statement_asked(world)
    return reverse("daycare_statement_give", args=[world.obj("statement_referral", which).pk])


def _statement_list_url(world, which):
    statement_asked(world)
    return reverse("daycare_statement_list")


CASES = [
    # The municipality's local risk factors: its coordinators read them, its manager edits them.
    AccessCase(
        "local_risk_factor_list",
        (Role.COORDINATOR, Role.MANAGER),
        lambda world, which: reverse("local_risk_factor_list"),
    ),
    AccessCase(
        "local_risk_factor_active",
        (Role.MANAGER,),
        lambda world, which: reverse("local_risk_factor_active", args=[world.obj("local_risk_factor", which).pk]),
        scoped=True,
        role_status={Role.MANAGER: 405},  # only a POST changes it (test_local_lists.py posts)
    ),
    AccessCase(
        "referral_create", (Role.COORDINATOR, Role.HOME_EDUCATOR), lambda world, which: reverse("referral_create")
    ),
    # The course's printouts (visitation/views_pdf.py): its educators and the coordinators, not managers.
    *[
        AccessCase(
            name,
            (Role.HOME_EDUCATOR, Role.COORDINATOR),
            (lambda name: lambda world, which: reverse(name, args=[world.obj("course", which).pk]))(name),  # noqa: B023  (bound by the outer lambda)
            scoped=True,
            educator_bound=True,
        )
        for name in ("course_summary_pdf", "reflection_sheet_pdf")
    ],
    AccessCase("intake_queue", (Role.COORDINATOR,), lambda world, which: reverse("intake_queue")),
    AccessCase(
        "referral_decide",
        (Role.COORDINATOR,),
        lambda world, which: reverse("referral_decide", args=[world.obj("referral", which).pk]),
        scoped=True,
    ),
    # The daycare leader's statement (Helsingør): hers alone, on her daycare's children's referrals.
    AccessCase("daycare_statement_list", (Role.DAYCARE_LEADER,), _statement_list_url),
    AccessCase("daycare_statement_give", (Role.DAYCARE_LEADER,), _statement_url, scoped=True),
    AccessCase(
        "referral_revise",
        (Role.COORDINATOR,),
        lambda world, which: reverse("referral_revise", args=[world.obj("course", which).pk]),
        scoped=True,
    ),
]


def build_objects(world):
    """A fresh referral and a local risk factor in each municipality, and a referral of a child
    in the daycare the world's daycare leader leads (and one in the other municipality)."""
    from hjemmepaed.organisation.tests.factories import DaycareFactory, user_for_role
    from visitation.services import ChildData, local_risk_factor_add
    from visitation.tests.factories import recent_birth, referral_register

    world.objects["local_risk_factor"] = {
        which: local_risk_factor_add(acting_user=manager, kind="parent", label="Manglende overskud")
        for which, manager in (
            ("own", world.users[Role.MANAGER]),
            ("other", user_for_role(Role.MANAGER, municipality=world.other)),
        )
    }

    world.objects["referral"] = {
        "own": referral_register(coordinator=world.users[Role.COORDINATOR]),
        "other": referral_register(coordinator=user_for_role(Role.COORDINATOR, municipality=world.other)),
    }

    leader = world.users[Role.DAYCARE_LEADER]
    leader.daycare = DaycareFactory(municipality=world.own, name="Vuggestuen Solsikken")
    leader.save(update_fields=["daycare"])
    referrals = {}
    for which, coordinator in (
        ("own", world.users[Role.COORDINATOR]),
        ("other", user_for_role(Role.COORDINATOR, municipality=world.other)),
    ):
        daycare = leader.daycare if which == "own" else DaycareFactory(municipality=world.other)
        child = ChildData(name="Alma Nielsen", birth_date=recent_birth(), daycare=daycare, attends_daycare=True)
        referrals[which] = referral_register(coordinator=coordinator, children=[child])
    world.objects["statement_referral"] = referrals
