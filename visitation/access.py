"""Who may do what in phase 1: register a referral, make the intake decision, be assigned to
the course as its home educator, give a daycare leader's statement."""

from django.utils.translation import gettext as _

from courses.access import coordinator_check, educator_check
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import Role, User
from hjemmepaed.variants.models import Visitation

# The roles that register a referral; the intake queue and the decision are the coordinators'.
REFERRAL_REGISTRARS = (Role.COORDINATOR, Role.HOME_EDUCATOR)


def referral_register_check(*, acting_user: User) -> None:
    if acting_user.municipality is None or not acting_user.holds(*REFERRAL_REGISTRARS):
        raise DomainError(_("Only a coordinator or home educator of the municipality can register a referral."))


def referral_decide_check(*, acting_user: User, course) -> None:
    """Approving, waitlisting, rejecting and withdrawing a referral are a coordinator's of the
    course's municipality."""
    if not acting_user.is_coordinator or acting_user.municipality_id != course.municipality_id:
        raise DomainError(_("Only a coordinator of the municipality can make the intake decision."))


# Only an active home educator of the course's municipality is assigned: the courses' own rule,
# the same one a transfer checks.
educator_assignable_check = educator_check


def referral_revise_check(*, acting_user: User, course) -> None:
    """Revising the complexity and § 52 answer is the coordinator's, who made the intake decision
    on them."""
    coordinator_check(
        acting_user=acting_user,
        course=course,
        message=_("Only a coordinator of the municipality can revise the complexity and § 52."),
    )


def can_revise_referral(*, user: User) -> bool:
    """Whether the course page offers the revision (the course gate decides which courses)."""
    return user.is_coordinator


# --- the daycare leader's statement (Helsingør) -------------------------------------------


def daycare_statement_asked(*, variant) -> bool:
    """Whether the municipality's model makes a daycare leader's statement part of the visitation."""
    return variant.visitation == Visitation.DAYCARE_LEADER


def daycare_statement_give_check(*, acting_user: User, course, variant) -> None:
    """A statement is given by a daycare leader of the course's municipality, whose model asks
    for it, on a referral of a child in the daycare she leads."""
    if not acting_user.is_daycare_leader:
        raise DomainError(_("Only a daycare leader of the municipality can give a statement."))
    if acting_user.municipality_id != course.municipality_id:
        raise DomainError(_("Only a daycare leader of the municipality can give a statement."))
    if not daycare_statement_asked(variant=variant):
        raise DomainError(
            _("%(municipality)s: the municipality's model does not ask for the daycare leader's statement.")
            % {"municipality": variant.municipality.name}
        )
    if acting_user.daycare_id is None or not course.family.children.filter(daycare_id=acting_user.daycare_id).exists():
        raise DomainError(
            _(
                "None of the family's children attends your daycare: the leader of the child's daycare gives the statement."
            )
        )
