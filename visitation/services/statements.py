"""The daycare leader's own statement on a referral (Helsingør): given and revised by her until
the intake decision, which records it (`decisions.py`)."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import Course, Phase
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from visitation.access import daycare_statement_give_check
from visitation.models import DaycareStatement
from visitation.services.intake_rules import intake_variant

STATEMENT_MAX_LENGTH = 4000


@transaction.atomic
def daycare_statement_give(*, acting_user: User, course: Course, text: str) -> DaycareStatement:
    """Her statement on the course's referral: written the first time, revised after. The course
    row is locked, as the decision locks it, so a statement is never changed after the decision."""
    variant = intake_variant(municipality=course.municipality)
    daycare_statement_give_check(acting_user=acting_user, course=course, variant=variant)
    locked = Course.objects.select_for_update().get(pk=course.pk)
    if locked.phase != Phase.REFERRED:
        decided = locked.visitation_date
        raise DomainError(
            _("The intake decision was made on %(date)s: the statement can no longer be changed.")
            % {"date": date_format(decided, "SHORT_DATE_FORMAT")}
            if decided
            else _("The referral is no longer awaiting the intake decision: the statement can no longer be changed.")
        )
    text = text.strip()
    if not text:
        raise DomainError(_("Write your statement."), field="text")
    if len(text) > STATEMENT_MAX_LENGTH:
        raise DomainError(
            _("The statement can be at most %(count)s characters.") % {"count": STATEMENT_MAX_LENGTH}, field="text"
        )
    statement = DaycareStatement.objects.select_for_update().filter(course=locked, author=acting_user).first()
    if statement is None:
        statement = DaycareStatement.objects.create(
            course=locked, author=acting_user, daycare_id=acting_user.daycare_id, text=text
        )
        action = Action.CREATE
    elif statement.text == text:
        return statement  # nothing changed: no revision, no event
    else:
        statement.text, statement.revised_at = text, timezone.now()
        statement.save(update_fields=["text", "revised_at"])
        action = Action.UPDATE
    audit_event_record(
        actor=acting_user,
        action=action,
        object_type="daycare_statement",
        object_id=statement.pk,
        subject=locked.family,
        municipality=locked.municipality,
    )
    return statement
