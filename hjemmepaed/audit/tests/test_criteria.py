"""Every audit criterion the code writes reads as a Danish sentence where it is shown (the audit log,
its sample, the access request's PDF, a family's request of access): the table of every place that
writes one (criteria_sites.py), a guard that finds a new place in the source, the codes earlier
versions wrote, and the audit log page with one event of each."""

import html
import re

import pytest
from django.utils import translation

from hjemmepaed.audit.criteria import criterion_text
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.audit.services import Action, audit_event_record
from hjemmepaed.audit.tests.criteria_sites import PASSED_ON, SENTENCES, WRITTEN, sites
from tests.browser.english import WORD, english_words

# Words of a stored code that Danish shares: formats, abbreviations, names, the questionnaires' keys.
SHARED = {"sms", "e-mail", "pdf", "csv", "json", "xlsx", "cpr", "v", "national", "ishoj", "thisted", "sdq"}
SHARED |= {"invitation", "link", "visitation", "model"}
# The examples' text a user typed (a reason, a purpose) or a sentence written in Danish, kept as it is.
TYPED = "Slutdatoen var skrevet forkert. Underretning til familieafdelingen. Logningen filtreret på handling “Visning”."

# What earlier versions wrote, before the lists and searches wrote Danish sentences.
OLD_FORMATS = [
    ("course_list", "no filters", "Forløb uden filtre."),
    ("course_list", "phase=started", "Forløb filtreret på fase “I gang”."),
    (
        "course_list",
        "phase=decided&educator=12&with_warnings=on",
        "Forløb filtreret på fase “Visiteret”, hjemmepædagog nr. 12, kun forløb med advarsler.",
    ),
    ("audit_log", "no filters; page 1", "Logningen uden filtre. Side 1."),
    (
        "audit_log",
        "action=view; criterion=Hansen; page 2",
        "Logningen filtreret på handling “Visning”, kriterium eller formål indeholder “Hansen”. Side 2.",
    ),
    ("audit_log", "invalid filters; page 1", "Logningen med filtre, der ikke kunne læses; intet vist. Side 1."),
    (
        "course_search",
        "name contains “Nielsen”; 3 found; page 2",
        "Søgning på et navn, der indeholder “Nielsen”. 3 forløb fundet. Side 2.",
    ),
    ("course_search", "course number 17; 1 found; page 1", "Søgning på forløb nr. 17. 1 forløb fundet. Side 1."),
    (
        "course_search",
        "child's CPR number (exact); 1 found; page 1",
        "Søgning på et barns CPR-nummer (præcist). 1 forløb fundet. Side 1.",
    ),
    (
        "audit_sample",
        "sample of 2 of 9 events; action=view; ids: 4, 2",
        "Stikprøve på 2 af 9 hændelser. Logningen filtreret på handling “Visning”. Hændelsernes numre: 4, 2.",
    ),
    ("family", "request of access (pdf)", "Anmodning om indsigt: udtræk som PDF."),
    ("registration_sheet", "4 courses", "Registreringsark med 4 forløb."),
]

EXAMPLES = [(site, *example) for site, examples in sorted(WRITTEN.items()) for example in examples]


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def _left_in_english(stored: str, shown: str) -> list[str]:
    """The common English words in what is shown, and the stored code's own words left in it."""
    code_words = {word.lower() for word in WORD.findall(stored)} - SHARED - _words(TYPED)
    return sorted(set(english_words(shown)) | (code_words & _words(shown)))


def _words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(text)}


def test_every_place_that_writes_a_criterion_is_in_the_table():
    found = sites()
    known = set(WRITTEN) | SENTENCES | PASSED_ON
    new = sorted(found - known)
    assert new == [], (
        "A criterion is written here without an entry in hjemmepaed/audit/tests/criteria_sites.py: add what it "
        "stores to WRITTEN and a pattern to hjemmepaed/audit/criteria/ that reads it as Danish.\n" + "\n".join(new)
    )
    assert sorted(known - found) == [], "The table names places the code no longer has."


@pytest.mark.parametrize(("site", "object_type", "stored"), EXAMPLES, ids=[f"{e[1]}: {e[2]}"[:80] for e in EXAMPLES])
def test_what_the_code_writes_reads_as_danish(site, object_type, stored):
    shown = criterion_text(object_type=object_type, criterion=stored)
    assert shown != stored, f"{site}: no pattern reads “{stored}”"
    assert _left_in_english(stored, shown) == [], shown
    assert shown[:1].isupper() or shown[:1].isdigit(), shown
    assert shown.endswith(".") or shown.endswith(stored.rsplit(": ", 1)[-1]), shown  # or as the user typed it


@pytest.mark.parametrize(("object_type", "stored", "shown"), OLD_FORMATS)
def test_what_earlier_versions_wrote_reads_as_danish(object_type, stored, shown):
    assert criterion_text(object_type=object_type, criterion=stored) == shown


@pytest.mark.parametrize(
    ("object_type", "stored", "shown"),
    [
        ("course", "phase referred -> decided", "Forløbet er flyttet fra fasen “Henvist” til “Visiteret”."),
        (
            "course",
            "phase started -> closed; 3 planned visits cancelled",
            "Forløbet er flyttet fra fasen “I gang” til “Afsluttet”. 3 planlagte besøg aflyst.",
        ),
        (
            "consent",
            "consent contact_for_questionnaire v1 given 2026-03-01 by sms",
            "Samtykke til “Kontakt om forældrespørgeskemaet” givet den 1. marts 2026 (tekstversion 1). "
            "Kontakt via: SMS.",
        ),
        (
            "guardian",
            "contact details changed: phone, email",
            "Forælderens kontaktoplysninger er ændret: telefon og e-mail.",
        ),
        (
            "staff_user",
            "role, profession -> coordinator, home_educator",
            "Ændret: rolle og faggruppe. Roller nu: Tovholder og Hjemmepædagog.",
        ),
        ("course", "transferred", "Forløbet er overdraget til en anden primær hjemmepædagog."),
        ("child_cpr", "Underretning", "Det fulde CPR-nummer er vist. Formål: Underretning"),
    ],
)
def test_the_sentences_name_phases_fields_and_choices_in_danish(object_type, stored, shown):
    assert criterion_text(object_type=object_type, criterion=stored) == shown


@pytest.mark.parametrize(
    ("object_type", "stored"),
    [
        ("course_list", "Forløb filtreret på fase “I gang” og kun forløb med advarsler."),
        ("audit_log", "Logningen uden filtre. Side 1."),
        ("course_search", "Søgning på forløb nr. 12. 1 forløb fundet. Side 1."),
        ("course", "Familiens forløb"),  # a criterion typed in a test or by an earlier version: as stored
        ("course", ""),
    ],
)
def test_a_sentence_written_in_danish_is_shown_as_stored(object_type, stored):
    assert criterion_text(object_type=object_type, criterion=stored) == stored


def test_a_code_of_another_kind_of_object_is_not_read_as_this_one():
    """ "ended" is a goal's; on a course it is not said to be the goal's."""
    assert criterion_text(object_type="goal", criterion="ended") == "Målet er afsluttet."
    assert criterion_text(object_type="course", criterion="ended") == "ended"


@pytest.mark.django_db
def test_the_audit_log_page_shows_every_criterion_and_kind_of_object_in_danish(client, coordinator):
    for _site, object_type, stored in EXAMPLES + [(None, o, s) for o, s, _shown in OLD_FORMATS]:
        audit_event_record(actor=coordinator, action=Action.UPDATE, object_type=object_type, criterion=stored)
    assert AuditEvent.objects.count() > 50  # two pages
    client.force_login(coordinator)
    rows = []
    for number in (1, 2, 3):
        page = client.get(f"/logning/?side={number}").content.decode()
        rows += re.findall(r"<tr>\s*<td>(.*?)</tr>", page, flags=re.DOTALL)
    cells = [html.unescape(re.sub(r"<[^>]+>", " ", row)) for row in rows]
    assert len(cells) >= len(EXAMPLES) + len(OLD_FORMATS)
    english = {cell.split()[-1]: english_words(cell) for cell in cells if english_words(cell)}
    assert english == {}
    shown = " ".join(cells)
    assert "Forløbet er flyttet fra fasen “Henvist” til “Visiteret”." in shown
    assert "phase referred" not in shown
    codes = sorted({object_type for _site, object_type, _stored in EXAMPLES} & _words(shown) - SHARED)
    assert codes == [], "kinds of object shown by their code, not in Danish"


@pytest.mark.django_db
def test_the_admin_shows_the_criterion_as_the_log_reads_it(client, municipality):
    from hjemmepaed.organisation.models import Role
    from hjemmepaed.organisation.tests.factories import user_for_role

    event = audit_event_record(
        actor=None, action=Action.UPDATE, object_type="goal", municipality=municipality, criterion="reworded"
    )
    client.force_login(user_for_role(Role.ADMINISTRATOR))
    page = client.get(f"/admin/audit/auditevent/{event.pk}/change/").content.decode()
    assert "Kriterium, som det vises" in page and "Målet er formuleret om." in page
