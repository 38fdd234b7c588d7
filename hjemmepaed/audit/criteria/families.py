"""The criteria of a family's events (families/services/): consents, parents, children."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hjemmepaed.audit.criteria.base import choice_label, day, field_list, literal, pattern

CONSENT = "families.Consent"
GUARDIAN = "families.Guardian"


def _scope(value: str) -> str:
    return choice_label(CONSENT, "scope", value)


def _consents_ended(count: str | None) -> str:
    if not count or not int(count):
        return ""
    return " " + ngettext("%(count)s consent ended.", "%(count)s consents ended.", int(count)) % {"count": int(count)}


@pattern(r"consent (?P<scope>\w+) v(?P<version>\d+) given (?P<on>[\d-]+)(?: by (?P<channel>\w+))?", "consent")
def _given(match):
    sentence = _("Consent to “%(scope)s” given on %(date)s (text version %(version)s).") % {
        "scope": _scope(match["scope"]),
        "date": day(match["on"]),
        "version": match["version"],
    }
    if match["channel"]:
        channel = choice_label(CONSENT, "channel", match["channel"])
        sentence += " " + _("Contact by: %(channel)s.") % {"channel": channel}
    return sentence


@pattern(r"consent (?P<scope>\w+) withdrawn(?:, (?P<cancelled>\d+) invitations cancelled)?", "consent")
def _withdrawn(match):
    sentence = _("Consent to “%(scope)s” withdrawn.") % {"scope": _scope(match["scope"])}
    if match["cancelled"]:
        count = int(match["cancelled"])
        sentence += " " + ngettext(
            "%(count)s invitation to the questionnaire cancelled.",
            "%(count)s invitations to the questionnaire cancelled.",
            count,
        ) % {"count": count}
    return sentence


@pattern(r"consent (?P<scope>\w+) v(?P<version>\d+) declined (?P<on>[\d-]+)", "consent_decline")
def _declined(match):
    return _("Consent to “%(scope)s” declined on %(date)s (text version %(version)s).") % {
        "scope": _scope(match["scope"]),
        "date": day(match["on"]),
        "version": match["version"],
    }


@pattern(r"parent added on (?P<on>[\d-]+): (?P<relation>\w+), custody (?P<custody>yes|no)", "guardian")
def _added(match):
    values = {"date": day(match["on"]), "relation": choice_label(GUARDIAN, "relation", match["relation"]).lower()}
    if match["custody"] == "yes":
        return _("Parent added from %(date)s: %(relation)s, with custody.") % values
    return _("Parent added from %(date)s: %(relation)s, without custody.") % values


@pattern(r"parent left the family on (?P<on>[\d-]+); (?P<ended>\d+) consents ended", "guardian")
def _left(match):
    return _("The parent left the family on %(date)s.") % {"date": day(match["on"])} + _consents_ended(match["ended"])


@pattern(r"(?P<kind>custody_gained|custody_lost) on (?P<on>[\d-]+)(?:; (?P<ended>\d+) consents ended)?", "guardian")
def _custody(match):
    if match["kind"] == "custody_gained":
        sentence = _("The parent has custody from %(date)s.")
    else:
        sentence = _("The parent no longer has custody from %(date)s.")
    return sentence % {"date": day(match["on"])} + _consents_ended(match["ended"])


@pattern(r"contact details changed: (?P<fields>.+)", "guardian")
def _contact(match):
    return _("The parent's contact details changed: %(fields)s.") % {"fields": field_list(GUARDIAN, match["fields"])}


@pattern(r"household changed: (?P<fields>.+)", "family")
def _household(match):
    return _("The family's language or household changed: %(fields)s.") % {
        "fields": field_list("families.Family", match["fields"])
    }


@pattern(r"(?P<count>\d+) CPR numbers re-encrypted under the newest key", "child_cpr")
def _reencrypted(match):
    count = int(match["count"])
    return ngettext(
        "%(count)s CPR number encrypted again with the newest key.",
        "%(count)s CPR numbers encrypted again with the newest key.",
        count,
    ) % {"count": count}


@pattern(r"(?P<purpose>.+)", "child_cpr")
def _purpose(match):
    """The purpose the user typed to see a full CPR number: in her own words."""
    return _("The full CPR number was shown. Purpose: %(purpose)s") % {"purpose": match["purpose"]}


PATTERNS = (
    _given,
    _withdrawn,
    _declined,
    _added,
    _left,
    _custody,
    _contact,
    _household,
    _reencrypted,
    _purpose,
    literal(
        "child's CPR number at a referral: existing family found",
        lambda: _("A child's CPR number at a referral: the family is already registered."),
        "family",
    ),
    literal(
        "child's CPR number at a recorded birth: a child with it is already registered",
        lambda: _("A child's CPR number at a recorded birth: a child with that number is already registered."),
        "family",
    ),
    literal("birth recorded", lambda: _("The child's birth was recorded."), "child"),
    literal("sex", lambda: _("The child's sex was changed."), "child"),
)
