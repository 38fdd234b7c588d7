"""The criteria of the questionnaires, SDQ, reports, sheets and privacy (surveys/, sdq/,
reporting/, sheets/, privacy/), and the codes earlier versions wrote for a list's filters and a
search ("no filters", "phase=started&educator=12", "name contains “Hansen”; 3 found; page 1"),
which the lists now write as Danish sentences."""

from urllib.parse import parse_qsl

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hjemmepaed.audit.criteria.base import choice_label, literal, pattern


def _counted(singular: str, plural: str, count: str, **values) -> str:
    return ngettext(singular, plural, int(count)) % {"count": int(count), **values}


@pattern(r"(?P<count>\d+) invitations", "invitation")
def _invitations(match):
    return _counted(
        "%(count)s invitation to the questionnaire made.", "%(count)s invitations to the questionnaire made.", match[1]
    )


@pattern(r"[\w-]+-v\d+(?:,[\w-]+-v\d+)*", "questionnaire_choice")
def _questionnaires(match):
    chosen = []
    for part in match[0].split(","):
        key, version = part.rsplit("-v", 1)
        chosen.append(_("“%(key)s”, version %(version)s") % {"key": key, "version": version})
    return _("Questionnaires chosen: %(questionnaires)s.") % {"questionnaires": "; ".join(chosen)}


@pattern(r"(?P<count>\d+) unsent questionnaire drafts deleted", "draft")
def _drafts(match):
    return _counted(
        "%(count)s draft of a questionnaire that was never sent deleted.",
        "%(count)s drafts of questionnaires that were never sent deleted.",
        match[1],
    )


@pattern(r"invitation|open_link|import", "response")
def _response(match):
    return _("Questionnaire answered: %(source)s.") % {
        "source": choice_label("surveys.Response", "source", match[0]).lower()
    }


@pattern(r"questionnaire reminder (?P<number>\d+) by (?P<channel>\w+)", "invitation_reminder")
def _reminder(match):
    return _("Reminder no. %(number)s about the questionnaire, by %(channel)s.") % {
        "number": match["number"],
        "channel": choice_label("families.Consent", "channel", match["channel"]).lower(),
    }


@pattern(r"norm set (?P<pk>\d+)", "sdq_norm_choice")
def _norm_choice(match):
    return _("Norm set no. %(number)s chosen.") % {"number": match["pk"]}


@pattern(r"(?P<count>\d+) cut-offs", "sdq_norm_set")
def _norm_set(match):
    return _counted("Norm set with %(count)s cut-off loaded.", "Norm set with %(count)s cut-offs loaded.", match[1])


@pattern(r"closed_in_year|started_in_period", "report")
def _report(match):
    return _("Report ordered: %(cohort)s.") % {"cohort": choice_label("reporting.Report", "cohort_kind", match[0])}


@pattern(r"csv|xlsx|json|pdf", "report")
def _report_download(match):
    return _("The report was downloaded as %(kind)s.") % {"kind": match[0].upper()}


@pattern(r"(?P<created>\d+) created, (?P<unchanged>\d+) unchanged")
def _imported(match):
    return _("Imported: %(created)s new, %(unchanged)s unchanged.") % {
        "created": match["created"],
        "unchanged": match["unchanged"],
    }


@pattern(r"(?P<count>\d+) courses", "registration_sheet")
def _sheet(match):
    return _counted("Registration sheet with %(count)s course.", "Registration sheet with %(count)s courses.", match[1])


@pattern(r"request of access \((?P<kind>\w+)\)", "family")
def _access_old(match):
    return _("Request of access, as %(kind)s.") % {"kind": match["kind"].upper()}


@pattern(r"access request: (?P<count>\d+) events", "audit_subject_report")
def _access_log(match):
    return _counted(
        "Request of access to the audit log: %(count)s event.",
        "Request of access to the audit log: %(count)s events.",
        match[1],
    )


# ----------------------------------------------------------------- lists' filters, as once written

# The lists' filters by their query names, with the labels the filter forms give them.
_FILTER_LABELS = {
    "phase": lambda: _("Phase"),
    "educator": lambda: _("Home educator"),
    "daycare": lambda: _("Daycare"),
    "recruited_by": lambda: _("Recruited by"),
    "week_from": lambda: _("In week … or later"),
    "with_warnings": lambda: _("Only courses with warnings"),
    "sort": lambda: _("Sort by"),
    "at_from": lambda: _("From"),
    "at_to": lambda: _("To"),
    "actor": lambda: _("Staff member"),
    "action": lambda: _("Action"),
    "object_type": lambda: _("What"),
    "subject": lambda: _("About child or parent"),
    "criterion": lambda: _("Criterion or purpose contains"),
}
_BOOLEANS = {"with_warnings"}
_PICKED_BY_NUMBER = {"educator", "daycare", "actor"}
_FILTER_CHOICES = {"phase": ("courses.Course", "phase"), "action": ("audit.AuditEvent", "action")}


def _filters(pairs: list[tuple[str, str]], subject: str) -> str:
    parts = []
    for name, value in pairs:
        if not value:
            continue
        label = str(_FILTER_LABELS[name]()) if name in _FILTER_LABELS else name
        label = label[:1].lower() + label[1:]
        if name in _FILTER_CHOICES:
            value = choice_label(*_FILTER_CHOICES[name], value)
        if name in _BOOLEANS:
            parts.append(label)
        elif "…" in label:
            parts.append(label.replace("…", value))
        elif name in _PICKED_BY_NUMBER and value.isdigit():
            parts.append(f"{label} {_('no. %(number)s') % {'number': value}}")
        else:
            parts.append(f"{label} “{value}”")
    if not parts:
        return _("%(subject)s without filters.") % {"subject": subject}
    return _("%(subject)s filtered by %(filters)s.") % {"subject": subject, "filters": ", ".join(parts)}


def _old_filters(text: str, subject: str) -> str:
    if text == "no filters":
        return _("%(subject)s without filters.") % {"subject": subject}
    if text == "invalid filters":
        return _("%(subject)s with filters that could not be read; nothing is shown.") % {"subject": subject}
    if "&" in text or "; " not in text:
        return _filters(parse_qsl(text, keep_blank_values=True), subject)
    return _filters([tuple(part.split("=", 1)) for part in text.split("; ") if "=" in part], subject)


_QUERY = r"no filters|invalid filters|[a-z_]+=[^;]*(?:(?:&|; )[a-z_]+=[^;&]*)*"


@pattern(_QUERY, "course_list")
def _course_list_old(match):
    return _old_filters(match[0], _("Courses"))


def _page(number: str) -> str:
    return _("Page %(number)s.") % {"number": number}


@pattern(rf"(?P<filters>{_QUERY}); page (?P<page>\d+)", "audit_log")
def _audit_log_old(match):
    return f"{_old_filters(match['filters'], _('The audit log'))} {_page(match['page'])}"


@pattern(r"(?P<search>.+); (?P<count>\d+) found; page (?P<page>\d+)", "course_search")
def _search_old(match):
    search = match["search"]
    if search.startswith("course number "):
        sentence = _("Search for course number %(number)s.") % {"number": search.removeprefix("course number ")}
    elif search.startswith("name contains "):
        sentence = _("Search for a name containing “%(name)s”.") % {"name": search.removeprefix("name contains ")[1:-1]}
    else:
        sentence = _("Search for a child's CPR number (exact).")
    found = _counted("%(count)s course found.", "%(count)s courses found.", match["count"])
    return f"{sentence} {found} {_page(match['page'])}"


@pattern(
    r"sample of (?P<size>\d+) of (?P<population>\d+) events; (?P<criterion>.*); ids: (?P<ids>[\d, ]*)", "audit_sample"
)
def _sample(match):
    criterion = match["criterion"]
    if _audit_log_old.regex.fullmatch(f"{criterion}; page 1"):
        criterion = _old_filters(criterion, _("The audit log"))
    sentence = _("A spot-check sample of %(size)s of %(population)s events.") % {
        "size": match["size"],
        "population": match["population"],
    }
    ids = _("The events' numbers: %(ids)s.") % {"ids": match["ids"]} if match["ids"] else ""
    return " ".join(part for part in (sentence, criterion, ids) if part)


PATTERNS = (
    _invitations,
    _questionnaires,
    _drafts,
    _response,
    _reminder,
    _norm_choice,
    _norm_set,
    _report,
    _report_download,
    _imported,
    _sheet,
    _access_old,
    _access_log,
    _course_list_old,
    _audit_log_old,
    _search_old,
    _sample,
    literal("link sent by e-mail", lambda: _("The link to the questionnaire was sent by e-mail."), "invitation"),
    literal("link sent by SMS", lambda: _("The link to the questionnaire was sent by SMS."), "invitation"),
    literal("retry", lambda: _("The report was ordered again after an error."), "report"),
    literal(
        "anonymised after retention period",
        lambda: _("Anonymised: the retention period had ended."),
        "course",
        "family",
    ),
)
