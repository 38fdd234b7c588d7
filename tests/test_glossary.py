"""docs/glossary.md gives one English name per Danish term, and the roles' and anchorings' Danish
labels are the terms it gives them ("dagtilbudsleder" once named both the manager and the
daycare leader)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from hjemmepaed.organisation.models import Anchoring, Role

GLOSSARY = Path(settings.BASE_DIR) / "docs" / "glossary.md"


def _rows() -> list[tuple[set[str], str]]:
    """(the Danish terms, the English column) of each row of the table."""
    rows = []
    for line in GLOSSARY.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("| ") or len(cells) < 3 or cells[0] in ("Danish (UI)", "---"):
            continue
        danish = re.sub(r"\([^)]*\)", "", cells[0])
        terms = {term.strip().lower() for term in re.split(r",|:", danish) if term.strip()}
        rows.append((terms, cells[1]))
    return rows


def test_every_danish_term_has_one_english_name():
    seen = {}
    for terms, english in _rows():
        for term in terms:
            assert term not in seen, f"“{term}” is both {seen[term]} and {english}"
            seen[term] = english


@pytest.mark.parametrize(
    ("choice", "code"),
    [
        (Role.MANAGER, "Role.MANAGER"),
        (Role.DAYCARE_LEADER, "Role.DAYCARE_LEADER"),
        (Anchoring.AREA_MANAGER, "Anchoring.AREA_MANAGER"),
    ],
)
def test_the_screens_call_a_role_what_the_glossary_does(choice, code):
    with translation.override("da"):
        shown = str(choice.label).lower()
    [terms] = [terms for terms, english in _rows() if f"`{code}`" in english]
    assert shown in terms
