"""The referral's free text emptied after the retention period (called by privacy)."""

from django.db.models import Case, Value, When

from courses.models import Course
from families.models import ANONYMISED

# The parts of a referral, families' to store; referral_register's callers import them from here.
from visitation.models import DaycareStatement, IntakeDecision, Referral, ReferralAnswer, ReferralRevision


def referral_anonymise(*, course: Course) -> None:
    """The referral's free text goes; dates and choices stay.

    Called only by the retention job (`privacy.services.course_anonymise_after_retention`) inside
    its transaction, with the course row locked; the job records the audit event.
    """
    Referral.objects.filter(course=course).update(
        recruited_by_other=_anonymised_if_filled("recruited_by_other"),
        referring_professional="",
        concern="",
        consent_given_by=_anonymised_if_filled("consent_given_by"),
    )
    ReferralRevision.objects.filter(referral__course=course).update(justification=ANONYMISED)
    # The answers to the municipality's own questions and the daycare leader's statement are
    # free text about the family too; the question, the decision and who took part stay.
    ReferralAnswer.objects.filter(referral__course=course).update(answer=ANONYMISED)
    IntakeDecision.objects.filter(course=course).update(
        daycare_leader_statement=_anonymised_if_filled("daycare_leader_statement")
    )
    DaycareStatement.objects.filter(course=course).update(text=ANONYMISED)


def _anonymised_if_filled(field: str):
    """ANONYMISED where the text was filled in (a database constraint requires it), else empty."""
    return Case(When(**{field: ""}, then=Value("")), default=Value(ANONYMISED))
