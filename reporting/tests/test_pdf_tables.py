"""The report's tables as the PDF shows them: a table with a column per municipality is turned
on its side when the municipalities do not fit across the page."""

from django.utils import translation

from reporting.exports import PDF_MAX_COLUMNS, _present


def _cell(value):
    return {"value": value, "format": "int", "suppressed": False}


def _organisation(municipalities: int) -> dict:
    with translation.override("da"):
        from django.utils.translation import gettext as _

        names = [f"Kommune {number:02d}" for number in range(1, municipalities + 1)] + [_("All municipalities")]
    return {
        "key": "tabel-3-2",
        "part": "3",
        "columns": ["", *names],
        "rows": [
            {"label": "Hjemmepædagoger i alt", "total": True, "cells": [_cell(4) for _name in names]},
            {"label": "Pædagog", "total": False, "cells": [_cell(index) for index, _name in enumerate(names)]},
        ],
        "chart": None,
    }


def test_a_table_of_a_few_municipalities_keeps_a_column_per_municipality():
    with translation.override("da"):
        shown = _present(_organisation(PDF_MAX_COLUMNS - 2))
    assert shown["display_columns"][1] == "Kommune 01"
    assert [row["label"] for row in shown["display_rows"]] == ["Hjemmepædagoger i alt", "Pædagog"]


def test_a_table_of_98_municipalities_is_turned_on_its_side_with_every_number():
    with translation.override("da"):
        shown = _present(_organisation(98))
    assert shown["display_columns"] == ["Kommune", "Hjemmepædagoger i alt", "Pædagog"]
    rows = shown["display_rows"]
    assert len(rows) == 99
    assert [rows[0]["label"], rows[0]["cells"][1]["text"]] == ["Kommune 01", "0"]
    assert [rows[97]["label"], rows[97]["cells"][1]["text"]] == ["Kommune 98", "97"]
    assert rows[98]["label"] == "Alle kommuner" and rows[98]["total"]
    assert not any(row["total"] for row in rows[:98])
