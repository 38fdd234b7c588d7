"""A coordinator's later revision of the referral's complexity and § 52 answer.

Allowed from the intake decision until the course closes (approved, on the waiting list or
under way): the decision was made on the referral's values, and what is learnt about the family
afterwards is recorded here with its justification, the referral itself left as it was.
Before the decision the coordinator decides on the referral as registered; a closed course is
not revised, since its reports may already be out. A wrong closure is put right through
`courses.services.course_correct_closed`, which touches only the closure's own data, and a
§ 52 decision taken after the end belongs to the family's next case, not to this course.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import Course, Phase
from courses.services import course_lock
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from visitation.access import referral_revise_check
from visitation.models import Complexity, Referral, ReferralRevision
from visitation.selectors import referral_current_assessment

REVISABLE_PHASES = (Phase.DECIDED, Phase.WAITING, Phase.STARTED)


@transaction.atomic
def referral_revise(
    *,
    acting_user: User,
    course: Course,
    on: date,
    complexity: str,
    section_52_decided: bool,
    justification: str,
) -> ReferralRevision:
    """Record a new assessment of the complexity and § 52, with why; one audit event."""
    referral_revise_check(acting_user=acting_user, course=course)
    locked = course_lock(course=course)  # one revision at a time, in order
    if locked.phase not in REVISABLE_PHASES:
        raise DomainError(
            _(
                "The complexity and § 52 are revised from the intake decision until the course closes; "
                "this course is %(phase)s."
            )
            % {"phase": locked.get_phase_display().lower()}
        )
    referral = Referral.objects.filter(course=locked).first()
    if referral is None:
        raise DomainError(_("The course has no referral to revise."))
    if complexity not in Complexity.values:
        raise DomainError(_("Choose the complexity."), field="complexity")
    latest = referral.revisions.order_by("-on", "-pk").first()
    earliest = latest.on if latest else referral.received_on
    if on > timezone.localdate() or on < earliest:
        raise DomainError(
            _("The date lies between %(date)s (the referral or the last revision) and today.")
            % {"date": date_format(earliest, "SHORT_DATE_FORMAT")},
            field="on",
        )
    previous_complexity, previous_section_52 = referral_current_assessment(referral=referral)
    if (complexity, section_52_decided) == (previous_complexity, previous_section_52):
        raise DomainError(
            _("Nothing is changed: choose another complexity or another answer on § 52."), field="complexity"
        )
    if not justification.strip():
        raise DomainError(_("Write why the complexity or § 52 is revised."), field="justification")
    revision = ReferralRevision.objects.create(
        referral=referral,
        on=on,
        previous_complexity=previous_complexity,
        previous_section_52_decided=previous_section_52,
        complexity=complexity,
        section_52_decided=section_52_decided,
        justification=justification.strip(),
        by=acting_user,
    )
    changed = [
        name
        for name, before, after in (
            ("complexity", previous_complexity, complexity),
            ("section_52", previous_section_52, section_52_decided),
        )
        if before != after
    ]
    audit_event_record(
        actor=acting_user,
        action=Action.UPDATE,
        object_type="referral",
        object_id=referral.pk,
        subject=locked.family,
        municipality=locked.municipality,
        criterion=f"revised ({', '.join(changed)})",
    )
    return revision
