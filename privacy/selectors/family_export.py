"""Everything the system holds about one family, for a request of access under GDPR article 15."""

from django.db.models import Q
from django.utils import timezone

from courses.models import (
    Agreement,
    EndReason,
    GoalChangeKind,
    GoalStatus,
    Phase,
    Theme,
    VisitKind,
    VisitStatus,
)
from courses.selectors_local_lists import method_names_for
from families.models import Consent, ConsentDecline, ConsentScope, Family
from families.selectors import children_with_daycare_history
from hjemmepaed.audit.criteria import event_criterion_text
from hjemmepaed.audit.models import AuditEvent
from privacy.selectors.audit_log import OBJECT_TYPE_LABELS
from sdq.models import Informant, Scale, Timing, Version
from visitation.models import Complexity, RecruitedBy


def _label(choices, value) -> str:
    return str(choices(value).label) if value else ""


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def family_export_data(*, family: Family) -> dict:
    """Everything held about the family, as plain data for the PDF and the JSON alike.

    CPR numbers appear masked only (DDMMÅÅ-XXXX): the file may be mailed or printed, and the
    full number is never put in a file. Questionnaire answers are not linked to a family by
    design, so only each invitation's status is here. Call inside the language the file is in.
    """
    now = timezone.now()
    guardians = list(family.guardians.all())
    method_names = method_names_for(municipality_id=family.municipality_id)
    children = children_with_daycare_history(family=family)
    courses = list(
        family.courses.select_related(
            "municipality",
            "primary_educator",
            "second_educator",
            "referral",
            "start_up",
            "closure",
            "closure__closed_by",
        )
        .prefetch_related(
            "referral__risk_factors__local_factor",
            "referral__revisions__by",
            "daycare_statements__author",
            "daycare_statements__daycare",
            "phase_changes__by",
            "goals__changes__by",
            "extensions__by",
            "visits__goals",
            "visits__logged_by",
            "adjustments__by",
            "concern_notifications__by",
            "transfers__from_educator",
            "transfers__to_educator",
            "invitations__questionnaire",
            "sdq_measurements",
        )
        .order_by("created_at", "pk")
    )
    course_ids = [str(course.pk) for course in courses]
    events = AuditEvent.objects.filter(
        Q(subject_type="family", subject_id=str(family.pk))
        | Q(subject_type="guardian", subject_id__in=[str(g.pk) for g in guardians])
        | Q(subject_type="child", subject_id__in=[str(c.pk) for c in children])
        | Q(object_type="course", object_id__in=course_ids)
    ).order_by("at", "pk")

    answers: dict[int, list[dict]] = {}
    for consent in Consent.objects.filter(guardian__family=family).select_related(
        "text_version", "recorded_by", "withdrawn_by"
    ):
        answers.setdefault(consent.guardian_id, []).append(
            {
                "scope": _label(ConsentScope, consent.scope),
                "answer": "given",
                "on": consent.given_on,
                "text_version": consent.text_version.version,
                "recorded_by": _person(consent.recorded_by),
                "withdrawn_on": consent.withdrawn_on,
                "withdrawn_by": _person(consent.withdrawn_by),
            }
        )
    for decline in ConsentDecline.objects.filter(guardian__family=family).select_related("text_version", "recorded_by"):
        answers.setdefault(decline.guardian_id, []).append(
            {
                "scope": _label(ConsentScope, decline.scope),
                "answer": "declined",
                "on": decline.declined_on,
                "text_version": decline.text_version.version,
                "recorded_by": _person(decline.recorded_by),
                "withdrawn_on": None,
                "withdrawn_by": "",
            }
        )
    for rows in answers.values():
        rows.sort(key=lambda row: (row["scope"], row["on"]))

    def referral_data(course):
        referral = getattr(course, "referral", None)
        if referral is None:
            return None
        return {
            "received_on": referral.received_on,
            "recruited_by": _label(RecruitedBy, referral.recruited_by),
            "recruited_by_other": referral.recruited_by_other,
            "referring_professional": referral.referring_professional,
            "concern": referral.concern,
            "complexity": _label(Complexity, referral.complexity),
            "section_52_decided": referral.section_52_decided,
            "consent_given_on": referral.consent_given_on,
            "consent_given_by": referral.consent_given_by,
            "risk_factors": [str(factor.label) for factor in referral.risk_factors.all()],
            "revisions": [
                {
                    "on": revision.on,
                    "complexity_before": _label(Complexity, revision.previous_complexity),
                    "complexity": _label(Complexity, revision.complexity),
                    "section_52_decided_before": revision.previous_section_52_decided,
                    "section_52_decided": revision.section_52_decided,
                    "justification": revision.justification,
                    "by": _person(revision.by),
                }
                for revision in referral.revisions.all()
            ],
            # What a daycare leader said about the family (Helsingør): the family's data too.
            "daycare_statements": [
                {
                    "given_at": statement.given_at,
                    "revised_at": statement.revised_at,
                    "by": _person(statement.author),
                    "daycare": statement.daycare.name,
                    "text": statement.text,
                }
                for statement in course.daycare_statements.all()
            ],
        }

    def course_data(course):
        start_up = getattr(course, "start_up", None)
        closure = getattr(course, "closure", None)
        return {
            "id": course.pk,
            "phase": _label(Phase, course.phase),
            "primary_educator": _person(course.primary_educator),
            "second_educator": _person(course.second_educator),
            "visitation_date": course.visitation_date,
            "decision_justification": course.decision_justification,
            "rejection_reason": course.rejection_reason,
            "waiting_since": course.waiting_since,
            "start_date": course.start_date,
            "planned_end_date": course.planned_end_date,
            "end_date": course.end_date,
            "end_reason": _label(EndReason, course.end_reason),
            "end_reason_detail": course.end_reason_detail,
            "anonymised_at": course.anonymised_at,
            "referral": referral_data(course),
            "phase_changes": [
                {
                    "at": change.at,
                    "to_phase": _label(Phase, change.to_phase),
                    "by": _person(change.by),
                    "note": change.note,
                }
                for change in course.phase_changes.all()
            ],
            "start_up_meeting": None
            if start_up is None
            else {
                "participants": start_up.participants,
                "other_professionals_present": start_up.other_professionals_present,
                "third_birthday_reason": start_up.third_birthday_reason,
            },
            "goals": [
                {
                    "id": goal.pk,
                    "theme": _label(Theme, goal.theme),
                    "description": goal.description,
                    "focus_points": goal.focus_points,
                    "weight_at_start": goal.weight_at_start,
                    "status": _label(GoalStatus, goal.status),
                    "weight_at_end": goal.weight_at_end,
                    "ended_on": goal.ended_on,
                    "changes": [
                        {
                            "on": change.on,
                            "kind": _label(GoalChangeKind, change.kind),
                            "previous_description": change.previous_description,
                            "previous_focus_points": change.previous_focus_points,
                            "reason": change.reason,
                            "by": _person(change.by),
                        }
                        for change in goal.changes.all()
                    ],
                }
                for goal in course.goals.all()
            ],
            "extensions": [
                {
                    "at": extension.at,
                    "previous_planned_end": extension.previous_planned_end,
                    "new_planned_end": extension.new_planned_end,
                    "reason": extension.reason,
                    "other_service_needed": extension.other_service_needed,
                    "other_service_assessment": extension.other_service_assessment,
                    "by": _person(extension.by),
                }
                for extension in course.extensions.all()
            ],
            "visits": [
                {
                    "date": visit.date,
                    "status": _label(VisitStatus, visit.status),
                    "kind": _label(VisitKind, visit.kind),
                    "duration_minutes": visit.duration_minutes,
                    "is_booster": visit.is_booster,
                    "participants": visit.participants,
                    "second_educator_present": visit.second_educator_present,
                    "goals": [goal.pk for goal in visit.goals.all()],
                    "methods": [method_names.get(code, code) for code in visit.methods],
                    "methods_other": visit.methods_other,
                    "note": visit.note,
                    "next_steps": visit.next_steps,
                    "logged_by": _person(visit.logged_by),
                }
                for visit in course.visits.all()
            ],
            "closure": None
            if closure is None
            else {
                "goals_reached_answer": _label(Agreement, closure.goals_reached_answer),
                "child_developed_answer": _label(Agreement, closure.child_developed_answer),
                "handover_meeting_on": closure.handover_meeting_on,
                "reflection_sheet_given": closure.reflection_sheet_given,
                "booster_planned_on": closure.booster_planned_on,
                "closed_by": _person(closure.closed_by),
            },
            "adjustments": [
                {"on": a.on, "description": a.description, "reason": a.reason, "by": _person(a.by)}
                for a in course.adjustments.all()
            ],
            "concern_notifications": [
                {"on": n.on, "recipient": n.recipient, "by": _person(n.by)} for n in course.concern_notifications.all()
            ],
            "transfers": [
                {
                    "on": t.on,
                    "from_educator": _person(t.from_educator),
                    "to_educator": _person(t.to_educator),
                    "reason": t.reason,
                }
                for t in course.transfers.all()
            ],
            "questionnaire_invitations": [
                {
                    "questionnaire": invitation.questionnaire.title,
                    "guardian": invitation.guardian_id,
                    "status": str(invitation.Status(invitation.status_at(now)).label),
                    "created_at": invitation.created_at,
                    "expires_at": invitation.expires_at,
                    "answered_at": invitation.answered_at,
                    "cancelled_at": invitation.cancelled_at,
                }
                for invitation in course.invitations.all()
            ],
            "sdq_measurements": [
                {
                    "child": m.child_id,
                    "timing": _label(Timing, m.timing),
                    "informant": _label(Informant, m.informant),
                    "version": _label(Version, m.version),
                    "measured_on": m.measured_on,
                    "age_months": m.age_months,
                    "scores": [{"scale": _label(Scale, scale), "score": score} for scale, score in m.scores().items()],
                }
                for m in course.sdq_measurements.all()
            ],
        }

    return {
        "generated_at": now,
        "family": {
            "id": family.pk,
            "municipality": family.municipality.name,
            "single_parent": family.single_parent,
            "language": family.language,
            "interpreter_needed": family.interpreter_needed,
            "created_at": family.created_at,
            "anonymised_at": family.anonymised_at,
        },
        "guardians": [
            {
                "id": guardian.pk,
                "name": guardian.name,
                "relation": guardian.get_relation_display(),
                "phone": guardian.phone,
                "email": guardian.email,
                "has_custody": guardian.has_custody,
                "custody_since": guardian.custody_since,
                "left_on": guardian.left_on,
                "consents": answers.get(guardian.pk, []),
            }
            for guardian in guardians
        ],
        "changes": [
            {
                "on": change.on,
                "kind": change.get_kind_display(),
                "guardian_id": change.guardian_id,
                "changed": ", ".join(change.changed_labels),
                "by": _person(change.recorded_by),
                "recorded_at": change.recorded_at,
            }
            for change in family.changes.select_related("recorded_by")
        ],
        "children": [
            {
                "id": child.pk,
                "name": child.name,
                "birth_date": child.birth_date,
                "expected_due_date": child.expected_due_date,
                "cpr_masked": child.cpr_masked,
                "daycare": child.daycare.name if child.daycare else "",
                "attends_daycare": child.attends_daycare,
                "daycare_history": [
                    {
                        "daycare": period.daycare.name if period.daycare else "",
                        "attends_daycare": period.attends_daycare,
                        "from": period.starts_on,
                        "until": period.ends_on,
                    }
                    for period in child.daycare_history
                ],
            }
            for child in children
        ],
        "courses": [course_data(course) for course in courses],
        "audit_events": [
            {
                "at": event.at,
                "user": event.actor_username,
                "action": event.get_action_display(),
                "object_type": event.object_type,
                "what": str(OBJECT_TYPE_LABELS.get(event.object_type, event.object_type)),
                "object_id": event.object_id,
                "subject_type": event.subject_type,
                "subject_id": event.subject_id,
                "criterion": event_criterion_text(event),  # as a sentence: the family reads it
            }
            for event in events
        ],
    }
