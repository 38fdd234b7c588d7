"""The criteria of a course's events (courses/services/) and of its referral (visitation/)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hjemmepaed.audit.criteria.base import choice_label, field_list, literal, pattern

COURSE = "courses.Course"


def _phase(value: str) -> str:
    return choice_label(COURSE, "phase", value)


def _move_detail(part: str) -> str:
    """What a move did besides (course_move's `audit_detail`), one part of it."""
    if part == "no visitation in the municipality's model":
        return _("The municipality's model has no intake decision.")
    if part == "daycare leader's statement":
        return _("With the daycare leader's statement.")
    if part == "approved by own coordinator":
        return _("Approved by the coordinator who is the primary home educator herself.")
    if part.startswith("daycare leaders' statements given: ") and part.rsplit(" ", 1)[-1].isdigit():
        count = int(part.rsplit(" ", 1)[-1])
        return ngettext(
            "With %(count)s statement the daycare leader gave herself.",
            "With %(count)s statements the daycare leaders gave themselves.",
            count,
        ) % {"count": count}
    if part.startswith("visitation team of ") and part.rsplit(" ", 1)[-1].isdigit():
        count = int(part.rsplit(" ", 1)[-1])
        return ngettext(
            "Decided by a visitation team of %(count)s person.",
            "Decided by a visitation team of %(count)s people.",
            count,
        ) % {"count": count}
    words = part.split(" ", 1)
    if words[0].isdigit() and part.endswith(" planned visits cancelled"):
        count = int(words[0])
        return ngettext("%(count)s planned visit cancelled.", "%(count)s planned visits cancelled.", count) % {
            "count": count
        }
    return part


@pattern(r"phase (?P<source>\w+) -> (?P<target>\w+)(?:; (?P<detail>.+))?")
def _moved(match):
    sentence = _("The course moved from the phase “%(source)s” to “%(target)s”.") % {
        "source": _phase(match["source"]),
        "target": _phase(match["target"]),
    }
    details = [_move_detail(part.strip()) for part in (match["detail"] or "").split(",") if part.strip()]
    return " ".join([sentence, *details])


@pattern(r"correction of closed course \((?P<fields>[^)]*)\): (?P<reason>.*)")
def _corrected(match):
    return _("The closed course was corrected: %(fields)s. Reason: %(reason)s") % {
        "fields": field_list(COURSE, match["fields"]),
        "reason": match["reason"],
    }


@pattern(r"(?P<count>\d+) planned visits")
def _planned(match):
    count = int(match["count"])
    return ngettext("%(count)s planned visit made.", "%(count)s planned visits made.", count) % {"count": count}


@pattern(r"revised \((?P<fields>[^)]*)\)", "referral")
def _revised(match):
    extra = {"section_52": _("§ 52")}
    if not match["fields"].strip():
        return _("The referral was revised.")
    return _("The referral's %(fields)s was revised.") % {
        "fields": field_list("visitation.ReferralRevision", match["fields"], extra=extra)
    }


PATTERNS = (
    _moved,
    _corrected,
    _planned,
    _revised,
    literal("extended", lambda: _("The course was extended."), "course"),
    literal("transferred", lambda: _("The course was handed to another primary home educator."), "course"),
    literal("reworded", lambda: _("The goal was reworded."), "goal"),
    literal("ended", lambda: _("The goal was ended."), "goal"),
    literal("consent withdrawn after closure", lambda: _("The parents withdrew their consent after the closure.")),
    literal("referral registered", lambda: _("The referral was registered."), "course"),
    literal(
        "referral registered on an existing family",
        lambda: _("The referral was registered on a family that was already registered."),
        "course",
    ),
)
