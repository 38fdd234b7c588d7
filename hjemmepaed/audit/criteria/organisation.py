"""The criteria of the organisation's events (hjemmepaed/organisation/, variants/, audit/, demo/):
daycares, the municipality's settings, staff and their second factor."""

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hjemmepaed.audit.criteria.base import choice_label, day, field_list, literal, pattern

USER = "organisation.User"
FIELDS = r"[a-z_0-9]+(?:, [a-z_0-9]+)*"


def _user_fields(names: str) -> str:
    return field_list(USER, names, extra={"roles": _("roles"), "password": _("password")})


def _roles(values: str) -> str:
    labels = [choice_label(USER, "role", value.strip()) for value in values.split(",") if value.strip()]
    return get_text_list(labels, _("and"))


@pattern(FIELDS, "daycare")
def _daycare(match):
    return _("Changed: %(fields)s.") % {"fields": field_list("organisation.Daycare", match[0])}


@pattern(r"retention years (?P<previous>\d+) -> (?P<years>\d+)", "municipality_retention")
def _retention(match):
    return _("The retention period was changed from %(previous)s to %(years)s years.") % {
        "previous": match["previous"],
        "years": match["years"],
    }


@pattern(rf"roles (?P<roles>{FIELDS})", "staff_user")
def _created(match):
    count = len(match["roles"].split(","))
    return ngettext("Created with the role %(roles)s.", "Created with the roles %(roles)s.", count) % {
        "roles": _roles(match["roles"])
    }


@pattern(rf"sso login, (?P<created>account created with )?roles (?P<roles>{FIELDS})", "user")
def _sso_login(match):
    values = {"roles": _roles(match["roles"])}
    if match["created"]:
        return (
            _("Logged in with the municipality's login for the first time; the account was made with: %(roles)s.")
            % values
        )
    return _("Logged in with the municipality's login, which changed the roles to: %(roles)s.") % values


@pattern(rf"(?P<fields>{FIELDS})(?: -> (?P<roles>.+))?", "staff_user")
def _changed(match):
    sentence = _("Changed: %(fields)s.") % {"fields": _user_fields(match["fields"])}
    if match["roles"]:
        sentence += " " + _("Roles now: %(roles)s.") % {"roles": _roles(match["roles"])}
    return sentence


def _admin_detail(detail: str) -> str:
    words = detail.split(" ")
    if len(words) == 4 and words[0] == "role" and words[2] == "->":
        return _("The role changed from “%(before)s” to “%(after)s”.") % {
            "before": choice_label(USER, "role", words[1]),
            "after": choice_label(USER, "role", words[3]),
        }
    if len(words) == 4 and words[0] == "municipality" and words[2] == "->":
        return _("Moved from municipality %(before)s to municipality %(after)s.") % {
            "before": words[1],
            "after": words[3],
        }
    return detail


@pattern(r"(?P<how>created|changed) in the administration: (?P<fields>[^;]+)(?P<details>(?:; [^;]+)*)", "staff_user")
def _administration(match):
    values = {"fields": _user_fields(match["fields"])}
    if match["how"] == "created":
        sentence = _("Created in the administration: %(fields)s.") % values
    else:
        sentence = _("Changed in the administration: %(fields)s.") % values
    details = [_admin_detail(part.strip()) for part in match["details"].split(";") if part.strip()]
    return " ".join([sentence, *details])


@pattern(r"from (?P<on>[\d-]+), based on (?P<preset>\w+)", "variant")
def _variant(match):
    return _("In force from %(date)s, based on “%(preset)s”.") % {
        "date": day(match["on"]),
        "preset": choice_label("variants.Variant", "preset", match["preset"]),
    }


@pattern(r"(?P<count>\d+) events older than (?P<cutoff>[\d-]+) deleted \(retention (?P<years>\d+) years\)")
def _purged(match):
    count = int(match["count"])
    return ngettext(
        "%(count)s event older than %(date)s deleted (kept for %(years)s years).",
        "%(count)s events older than %(date)s deleted (kept for %(years)s years).",
        count,
    ) % {"count": count, "date": day(match["cutoff"]), "years": match["years"]}


PATTERNS = (
    literal("password", lambda: _("The user changed her password."), "staff_user"),
    literal("reactivated", lambda: _("Reactivated: the staff member can log in again."), "staff_user"),
    literal("deactivated", lambda: _("Deactivated: the staff member can no longer log in."), "staff_user"),
    literal("deactivated", lambda: _("The list of deactivated staff."), "staff_list"),
    _created,
    _administration,
    _changed,
    _daycare,
    _retention,
    _variant,
    _purged,
    literal("hourly rate", lambda: _("The hourly rate of visit time was changed."), "municipality"),
    literal("offline use on", lambda: _("Visits can be logged without a connection."), "municipality_offline_use"),
    literal(
        "offline use off", lambda: _("Visits can no longer be logged without a connection."), "municipality_offline_use"
    ),
    literal("second factor enrolled", lambda: _("Two-step verification was set up."), "user"),
    literal("recovery code used", lambda: _("A recovery code was used to log in."), "user"),
    literal("recovery codes regenerated", lambda: _("New recovery codes were made."), "user"),
    literal("second factor reset", lambda: _("Two-step verification was reset."), "user"),
    literal("sso login", lambda: _("Logged in with the municipality's login."), "user"),
    _sso_login,
    literal(
        "sso refused: no role",
        lambda: _("Login with the municipality's login refused: it gave no role here."),
        "user",
    ),
    literal(
        "sso refused: no username",
        lambda: _("Login with the municipality's login refused: it sent no username."),
        "user",
    ),
    literal(
        "sso refused: another account",
        lambda: _(
            "Login with the municipality's login refused: the username belongs to an account of another municipality or a national role."
        ),
        "user",
    ),
    literal(
        "sso refused: deactivated",
        lambda: _("Login with the municipality's login refused: the account is deactivated."),
        "user",
    ),
    literal(
        "sso refused: no mfa",
        lambda: _("Login with the municipality's login refused: it did not prove a login with two factors."),
        "user",
    ),
    literal(
        "sso refused: no profession",
        lambda: _("Login with the municipality's login refused: no profession and anchoring for a new home educator."),
        "user",
    ),
    literal(
        "demo login: one click, no password or code",
        lambda: _("Demo login: one click, without a password or a code."),
        "demo_login",
    ),
)
