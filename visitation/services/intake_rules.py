"""The intake's rules that read the municipality's model (`hjemmepaed.variants`), each refusing
with a Danish message that names the municipality and its local value.

The intake applies the version in force today (`variant_in_force(on=today)`): a course runs
under the version in force on its start date, and before the start that is today's.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from hjemmepaed.variants.models import NATIONAL_MAX_AGE_MONTHS, Variant, Visitation
from hjemmepaed.variants.selectors import variant_in_force


def intake_variant(*, municipality) -> Variant:
    return variant_in_force(municipality=municipality, on=timezone.localdate())


def _is_national_range(variant: Variant) -> bool:
    return variant.min_age_months == 0 and variant.max_age_months == NATIONAL_MAX_AGE_MONTHS


def age_range_check(*, variant: Variant, children, on: date, national_message: str, field: str) -> None:
    """The children are within the model's age range on `on` (the earliest the course could start).

    A child not yet born (a due date only) passes: its age counts from the birth. Under the
    national range the long-standing message stays (it names 36 months and the third birthday);
    a local range names the municipality and its months."""
    for child in children:
        if child.birth_date is None or child.birth_date > on:
            continue  # not born yet on `on`: the age counts from the birth (the start checks it)
        oldest = child.birth_date + relativedelta(months=variant.max_age_months)
        youngest = child.birth_date + relativedelta(months=variant.min_age_months)
        if on > oldest and _is_national_range(variant):
            birthday = date_format(oldest, "SHORT_DATE_FORMAT")
            raise DomainError(national_message % {"name": child.name, "birthday": birthday}, field=field)
        if on > oldest or on < youngest:
            message = (
                _(
                    "%(municipality)s: the course is for children aged %(min)s–%(max)s months at the start; "
                    "%(name)s is older than %(max)s months on %(date)s."
                )
                if on > oldest
                else _(
                    "%(municipality)s: the course is for children aged %(min)s–%(max)s months at the start; "
                    "%(name)s is younger than %(min)s months on %(date)s."
                )
            )
            raise DomainError(
                message
                % {
                    "municipality": variant.municipality.name,
                    "min": variant.min_age_months,
                    "max": variant.max_age_months,
                    "name": child.name,
                    "date": date_format(on, "SHORT_DATE_FORMAT"),
                },
                field=field,
            )


def participation_check(
    *,
    variant: Variant,
    team_members: list[User],
    daycare_leader_name: str,
    daycare_leader_statement: str,
    daycare_statements=(),
) -> None:
    """Who the model says takes part in the visitation did: at least one named member of the
    visitation team, or the daycare leader with a statement. A statement a daycare leader gave
    through her own account (`daycare_statements`) is enough; without one, the coordinator types
    the leader's name and statement (a leader without an account, or one who spoke at a meeting)."""
    name = variant.municipality.name
    if variant.visitation == Visitation.TEAM:
        if not team_members:
            raise DomainError(
                _("%(municipality)s: the visitation team decides. Choose the members of the team who took part.")
                % {"municipality": name},
                field="team_members",
            )
        named = set(variant.team_members.values_list("pk", flat=True)) if variant.pk else set()
        strangers = [member for member in team_members if member.pk not in named]
        if strangers:
            raise DomainError(
                _("%(municipality)s: %(person)s is not a member of the visitation team.")
                % {"municipality": name, "person": strangers[0]},
                field="team_members",
            )
    if variant.visitation == Visitation.DAYCARE_LEADER:
        if daycare_statements and not daycare_leader_name.strip() and not daycare_leader_statement.strip():
            return
        if not daycare_leader_name.strip():
            raise DomainError(
                _("%(municipality)s: the daycare leader takes part in the visitation. Write the daycare leader's name.")
                % {"municipality": name},
                field="daycare_leader_name",
            )
        if not daycare_leader_statement.strip():
            raise DomainError(
                _("%(municipality)s: the decision needs the daycare leader's statement. Write what she or he said.")
                % {"municipality": name},
                field="daycare_leader_statement",
            )


def own_approval_check(*, variant: Variant, acting_user: User, primary_educator: User) -> bool:
    """A coordinator does not approve a course where she is the primary educator herself, unless
    the model allows it (Thisted, where the home educators are also coordinators); True when she
    does so, which the decision records."""
    if acting_user.pk != primary_educator.pk:
        return False
    if not variant.coordinator_may_approve_own:
        raise DomainError(
            _(
                "%(municipality)s: a coordinator does not approve a course where she is the primary home educator "
                "herself. Another coordinator makes the decision."
            )
            % {"municipality": variant.municipality.name},
            field="primary_educator",
        )
    return True


def no_visitation_note(*, variant: Variant) -> str:
    """What the decision record says when the model requires no visitation (in the language of
    the record: Danish)."""
    name = variant.municipality.name
    genitive = f"{name}'" if name[-1:].lower() in "sxz" else f"{name}s"
    return f"ingen visitation i {genitive} model"
