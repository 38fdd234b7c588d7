"""Reads of the audit log for the Logning screen. Coordinators see their own municipality's events
and nothing else."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.models import Child, Family, Guardian
from hjemmepaed.audit.criteria import event_criterion_text
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import User

# What the screen calls the kinds of object an event is about; unknown kinds show their code.
OBJECT_TYPE_LABELS = {
    "adjustment": gettext_lazy("Adjustment"),
    "archive_decision": gettext_lazy("Archive decision"),
    "audit_event": gettext_lazy("Audit events"),
    "audit_log": gettext_lazy("Audit log"),
    "audit_sample": gettext_lazy("Spot-check sample"),
    "audit_subject_report": gettext_lazy("Access request: audit log"),
    "calendar_feed": gettext_lazy("Calendar link"),
    "child": gettext_lazy("Child"),
    "child_cpr": gettext_lazy("Full CPR number"),
    "concern_notification": gettext_lazy("Notification of concern"),
    "consent": gettext_lazy("Consent"),
    "consent_decline": gettext_lazy("Declined consent"),
    "consent_form": gettext_lazy("Consent form"),
    "course": gettext_lazy("Course"),
    "course_list": gettext_lazy("List of courses"),
    "course_search": gettext_lazy("Search for a family"),
    "course_summary": gettext_lazy("Course summary"),
    "daycare": gettext_lazy("Daycare"),
    "daycare_period": gettext_lazy("Daycare period"),
    "daycare_statement": gettext_lazy("Daycare leader's statement"),
    "daycare_statement_list": gettext_lazy("Referrals awaiting the daycare leader's statement"),
    "demo_login": gettext_lazy("Demo login"),
    "draft": gettext_lazy("Questionnaire drafts"),
    "end_reason_alias": gettext_lazy("The municipality's wording of an end reason"),
    "family": gettext_lazy("Family"),
    "goal": gettext_lazy("Goal"),
    "guardian": gettext_lazy("Guardian"),
    "intake_queue": gettext_lazy("Intake list"),
    "invitation": gettext_lazy("Questionnaire invitation"),
    "invitation_letter": gettext_lazy("Invitation letter"),
    "invitation_reminder": gettext_lazy("Reminder about the questionnaire"),
    "ishoej_answers_sheet": gettext_lazy("Sheet of answers to the Ishøj questionnaire"),
    "local method": gettext_lazy("Local method"),
    "local risk factor": gettext_lazy("Local risk factor"),
    "municipality": gettext_lazy("Municipality"),
    "municipality_offline_use": gettext_lazy("Visits without a connection"),
    "municipality_retention": gettext_lazy("Retention period"),
    "offline_course_list": gettext_lazy("Courses kept for visits without a connection"),
    "open_link": gettext_lazy("Open questionnaire link"),
    "questionnaire_answers_sheet": gettext_lazy("Registration sheet of answers"),
    "questionnaire_choice": gettext_lazy("Choice of questionnaires"),
    "questionnaire_translation": gettext_lazy("Translation of a questionnaire"),
    "referral": gettext_lazy("Referral"),
    "referral_question": gettext_lazy("Local referral question"),
    "referral_question_order": gettext_lazy("Order of the local referral questions"),
    "reflection_sheet": gettext_lazy("Reflection sheet"),
    "registration_sheet": gettext_lazy("Registration sheet"),
    "reminder_list": gettext_lazy("Reminders"),
    "report": gettext_lazy("Report"),
    "response": gettext_lazy("Questionnaire response"),
    "sdq_measurement": gettext_lazy("SDQ measurement"),
    "sdq_norm_choice": gettext_lazy("SDQ norm set"),
    "sdq_norm_set": gettext_lazy("SDQ norm set"),
    "sdq_sheet": gettext_lazy("Sheet of SDQ measurements"),
    "staff_list": gettext_lazy("List of staff"),
    "staff_user": gettext_lazy("Staff user"),
    "user": gettext_lazy("Two-step verification"),
    "variant": gettext_lazy("The municipality's model"),
    "variant_settings": gettext_lazy("Settings of the municipality's model"),
    "visit": gettext_lazy("Visit"),
    "visit_series": gettext_lazy("Planned visits"),
}

# The people an access request can be about, by the opaque kind used in URLs and forms.
SUBJECT_KINDS = {"child": Child, "guardian": Guardian}


def audit_event_list_visible_to(*, user: User) -> QuerySet[AuditEvent]:
    """The events a user may search: a coordinator's own municipality's, newest first."""
    if not user.is_authenticated or not user.is_active:
        return AuditEvent.objects.none()
    if not user.is_coordinator:
        return AuditEvent.objects.none()
    if user.municipality_id is None:
        return AuditEvent.objects.none()
    return (
        AuditEvent.objects.filter(municipality_id=user.municipality_id).select_related("actor").order_by("-at", "-id")
    )


def audit_subject_get_for_user_or_404(*, user: User, kind: str, pk: int) -> Child | Guardian:
    """A child or guardian of the coordinator's municipality; anything else is 404."""
    model = SUBJECT_KINDS.get(kind)
    if model is None or not user.is_coordinator or user.municipality_id is None:
        raise Http404
    person = model.objects.select_related("family").filter(family__municipality_id=user.municipality_id, pk=pk).first()
    if person is None:
        raise Http404
    return person


def audit_subject_choices(*, user: User) -> list[tuple[str, str]]:
    """The municipality's children and guardians to pick from, valued by opaque "kind-pk"."""
    if not user.is_coordinator or user.municipality_id is None:
        return []
    children = Child.objects.filter(family__municipality_id=user.municipality_id).order_by("name", "pk")
    guardians = Guardian.objects.filter(family__municipality_id=user.municipality_id).order_by("name", "pk")
    return [
        *((f"child-{child.pk}", _("%(name)s (child)") % {"name": child.name}) for child in children),
        *((f"guardian-{guardian.pk}", _("%(name)s (parent)") % {"name": guardian.name}) for guardian in guardians),
    ]


def audit_subject_q(person: Child | Guardian) -> Q:
    """Events about the person: with the person as subject, or with the person's family as
    subject (course pages and course changes are about the whole family)."""
    return Q(subject_type=person._meta.model_name, subject_id=str(person.pk)) | Q(
        subject_type="family", subject_id=str(person.family_id)
    )


# Whom an event is about when the name is gone (anonymised) or not the municipality's: by kind and number.
SUBJECT_TYPE_LABELS = {
    "child": gettext_lazy("Child"),
    "guardian": gettext_lazy("Parent"),
    "family": gettext_lazy("Family"),
}


def _subject_by_number(event: AuditEvent) -> str:
    if not event.subject_type:
        return ""
    kind = str(SUBJECT_TYPE_LABELS.get(event.subject_type, event.subject_type))
    return f"{kind} {_('no. %(number)s') % {'number': event.subject_id}}"


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    object_label: str
    subject_label: str
    criterion: str  # the stored criterion as a Danish sentence


def audit_event_rows(*, events: list[AuditEvent], municipality_id: int) -> list[EventRow]:
    """The events with who they are about by name: three queries, however many events."""
    ids = {"child": set(), "guardian": set(), "family": set()}
    for event in events:
        if event.subject_type in ids and event.subject_id.isdigit():
            ids[event.subject_type].add(int(event.subject_id))
    in_municipality = {"family__municipality_id": municipality_id}
    names = {
        ("child", str(child.pk)): _("%(name)s (child)") % {"name": child.name}
        for child in Child.objects.filter(pk__in=ids["child"], **in_municipality)
    }
    names.update(
        (("guardian", str(guardian.pk)), _("%(name)s (parent)") % {"name": guardian.name})
        for guardian in Guardian.objects.filter(pk__in=ids["guardian"], **in_municipality)
    )
    families = Family.objects.filter(pk__in=ids["family"], municipality_id=municipality_id).prefetch_related(
        "guardians"
    )
    names.update((("family", str(family.pk)), _("Family of %(names)s") % {"names": family}) for family in families)
    return [
        EventRow(
            event=event,
            object_label=str(OBJECT_TYPE_LABELS.get(event.object_type, event.object_type)),
            subject_label=names.get((event.subject_type, event.subject_id), "") or _subject_by_number(event),
            criterion=event_criterion_text(event),
        )
        for event in events
    ]
