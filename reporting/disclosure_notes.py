"""Disclosure control for the notes' counts: a note leaves its count out when even "<5" would
narrow a hidden cell (rule 11).

A note's "<5" tells a reader its count is 1-4. Beside a hidden cell that is the difference of
shown numbers and the note (the cohort's 8 courses less "<5 are not counted" is Tabel 5.1's
hidden N), that puts the cell within 3 (4-7), a range narrower than `SMALL_CELL_LIMIT` that
reaches below it. Such a note says "Nogle forløb ..." ("some courses"), with no count at all,
and the report's legend says so. The same for the responses Tabel 4.1-4.2 count besides the
invitations (reporting/tables/response_rate.py): with fewer than 4 answered invitations, "<5"
more bound every response table of the report at 0-8 or less.
"""

from django.utils.text import capfirst
from django.utils.translation import pgettext

from reporting.disclosure import SMALL_CELL_LIMIT, NoteCount, resolve


def some() -> str:
    """The word a note writes instead of its count ("nogle")."""
    return pgettext("a count a note leaves out", "some")


def uncounted_text(message: str) -> str:
    """`message` (a note's sentence, "%(count)s courses ...") with no count: "Nogle forløb ..."."""
    return capfirst(message % {"count": some()})


def responses_left_uncounted(answered: int, not_invited: int) -> bool:
    """The responses not given through an invitation, written "<5", put all responses at the
    answered invitations plus 1-4: a range that reaches below the limit when few answered."""
    return 0 < not_invited < SMALL_CELL_LIMIT and answered + 1 < SMALL_CELL_LIMIT


def notes_left_uncounted(sections: list, notes: list[NoteCount]) -> set[str]:
    """The keys of the notes (of a count of 1-4, written "<5") whose relation's hidden cells,
    known within the note's 1-4, would lie within less than the limit reaching below it."""
    by_key = {section["key"]: section for section in sections}
    found = set()
    for note in notes:
        if not note.hidden or not note.text:
            continue
        sides = []
        for sign, terms in ((1, note.plus), (-1, note.minus)):
            cells = [resolve(by_key, term) for term in terms if not isinstance(term, int)]
            if any(cell is None for cell in cells):
                break
            hidden = [cell for cell in cells if cell["suppressed"]]
            if hidden:
                sides.append((sign, sum(cell.get("count") or 0 for cell in hidden)))
        else:
            if len(sides) > 1:
                found.add(note.key)  # hidden cells on both sides: no count is the safe side
            elif sides:
                sign, mass = sides[0]
                # count = plus - minus: a hidden minus is (shown) - count, a hidden plus (shown) + count
                low = mass + note.count - (SMALL_CELL_LIMIT - 1) if sign < 0 else mass - note.count + 1
                if low < SMALL_CELL_LIMIT:
                    found.add(note.key)
    return found
