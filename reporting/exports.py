"""The stored report result as the PDF's context, as xlsx and as JSON: one source, three forms."""

import io
import json

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hjemmepaed.variants.selectors import variants_for_period_many
from reporting.charts import charts_for
from reporting.formatting import MISSING, SUPPRESSED, XLSX_FORMATS, format_cell

PARTS = {
    "3": "3 Forløbene og organiseringen",
    "4": "4 Resultater",
    "5": "5 Ressourcer, varighed og omkostninger",
    "local": "Kommunernes egne tilføjelser",
    "ishoej": "Ishøj-evalueringen: forældrespørgeskema og SDQ",
}
PDF_MAX_COLUMNS = 14  # a label and 13 numbers fit across A4 at 8 pt
LONG_SECTION_ROWS = 30  # more rows than fit on a page beside a figure
TONE_FILLS = {"better": "C8E6C9", "worse": "F8D0CC", "same": "D6E4F5"}


def _display_row(label: str, total: bool, cells: list[dict]) -> dict:
    return {
        "label": label,
        "total": total,
        "cells": [{"text": format_cell(cell), "tone": cell.get("tone") or ""} for cell in cells],
    }


def _table(section: dict) -> tuple[list[str], list[dict]]:
    """The table's columns and rows as the PDF shows them. A table with a column per
    municipality (Tabel 3.2) is turned on its side when there are more than fit across a page:
    a row per municipality, a column per row of the table (the xlsx keeps the table as it is)."""
    columns, rows = section["columns"], section["rows"]
    if len(columns) <= PDF_MAX_COLUMNS:
        return columns, [_display_row(row["label"], row["total"], row["cells"]) for row in rows]
    last = len(columns) - 2
    turned = [
        _display_row(
            name, index == last and columns[-1] == _("All municipalities"), [row["cells"][index] for row in rows]
        )
        for index, name in enumerate(columns[1:])
    ]
    return [_("Municipality"), *(row["label"] for row in rows)], turned


def _present(section: dict) -> dict:
    columns, rows = _table(section)
    return {
        **section,
        "anchor": section["key"],
        "part_title": PARTS.get(section["part"], ""),
        "display_columns": columns,
        "display_rows": rows,
        "figures": charts_for(section),
        "long": len(rows) > LONG_SECTION_ROWS,
        # Fixed table layout (WeasyPrint's automatic layout measures every cell twice): the
        # label column gets this share of the width, the number columns share the rest.
        "label_width": 40 if len(columns) <= 4 else 30 if len(columns) <= 7 else 22,
    }


def pdf_context(report) -> dict:
    result = report.result
    sections = [_present(section) for section in result["sections"]]
    names = ", ".join(m["name"] for m in result["municipalities"])
    previous = None
    for section in sections:
        section["starts_part"] = section["part"] != previous
        previous = section["part"]
    return {
        "title": result["title"],
        "municipality_name": names,
        # The version(s) of each municipality's model in force in the period (issue 14).
        "model_versions": variants_for_period_many(
            municipalities=report.municipalities.all(), start=report.period_start, end=report.period_end
        ),
        "report": report,
        "result": result,
        "sections": sections,
    }


def model_version_text(version: dict) -> str:
    """One version of a municipality's model in a line: "Ishøj: Ishøj, fra 01.01.2026; 0–36
    måneder, højst 40 uger, højst 10 besøg", and its deviation from the national model."""
    when = (
        _("from %(date)s") % {"date": ".".join(reversed(version["valid_from"].split("-")))}
        if version["valid_from"]
        else _("no version of its own")
    )
    text = _("%(municipality)s: %(label)s, %(when)s; %(youngest)s–%(oldest)s months, at most %(weeks)s weeks") % {
        "municipality": version["municipality"],
        "label": version["label"],
        "when": when,
        "youngest": version["min_age_months"],
        "oldest": version["max_age_months"],
        "weeks": version["max_weeks"],
    }
    if version["visit_cap"]:
        text += ", " + _("at most %(cap)d visits") % {"cap": version["visit_cap"]}
    if version["deviates_from_national"]:
        text += ". " + _("Deviates from the national model: %(reason)s") % {"reason": version["deviation_reason"]}
    return text


def report_json(result: dict) -> bytes:
    return json.dumps(result, ensure_ascii=False, indent=2).encode("utf-8")


def _sheet_name(section: dict, used: set) -> str:
    name = "".join(ch for ch in section["number"] if ch not in "[]:*?/\\")[:31]
    base, counter = name, 2
    while name in used:
        name = f"{base[:28]} {counter}"
        counter += 1
    used.add(name)
    return name


def _write_cell(sheet, row: int, column: int, cell: dict, *, with_share: bool) -> int:
    """Writes the cell (and, in a column with shares, its share beside it); returns the columns used."""
    target = sheet.cell(row=row, column=column)
    if cell.get("suppressed"):
        target.value = SUPPRESSED
        target.alignment = Alignment(horizontal="right")
    elif cell.get("value") is None:
        target.value = MISSING
        target.alignment = Alignment(horizontal="right")
    else:
        target.value = cell["value"]
        target.number_format = '0" %"' if cell["format"] == "pct" else XLSX_FORMATS[cell["format"]]
    if cell.get("tone"):
        target.fill = PatternFill("solid", fgColor=TONE_FILLS[cell["tone"]])
    if with_share:
        share = sheet.cell(row=row, column=column + 1)
        if cell.get("suppressed"):
            share.value = SUPPRESSED
        elif cell.get("share") is None:
            share.value = MISSING
        else:
            share.value = cell["share"]
            share.number_format = '0" %"'
        return 2
    return 1


def report_xlsx(result: dict) -> bytes:
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Rapport"
    bold = Font(bold=True)
    cover["A1"] = result["title"]
    cover["A1"].font = Font(bold=True, size=14)
    cover["A2"] = result["cohort"]["label"]
    cover["A3"] = ", ".join(m["name"] for m in result["municipalities"])
    cover["A4"] = result["generated_at"]
    if result["suppress_small_cells"]:
        cover["A5"] = _("Numbers based on fewer than 5 courses, children or responses are shown as <5.")
        cover["A6"] = _(
            "So that none of them can be worked out from a total, a difference or the shown shares, "
            "other numbers are hidden as well where needed, and shown as <5 too."
        )
        cover["A7"] = _(
            "A note says “some” instead of its count when the count would let a hidden number be worked out."
        )
    line = 8
    versions = result.get("model_versions", [])  # a report stored before issue 14 has none
    if versions:
        cover.cell(row=line, column=1, value=_("The municipalities' models in the period")).font = bold
    for version in versions:
        line += 1
        cover.cell(row=line, column=1, value=model_version_text(version))
    cover.column_dimensions["A"].width = 90
    used: set = {"Rapport"}
    for section in result["sections"]:
        sheet = workbook.create_sheet(_sheet_name(section, used))
        sheet["A1"] = f"{section['number']} {section['title']}"
        sheet["A1"].font = Font(bold=True, size=12)
        line = 2
        if section["subtitle"]:
            sheet.cell(row=line, column=1, value=section["subtitle"])
            line += 1
        header = line + 1
        has_share = [
            any("share" in row["cells"][i] for row in section["rows"]) for i in range(len(section["columns"]) - 1)
        ]
        column = 1
        sheet.cell(row=header, column=column, value=section["columns"][0]).font = bold
        for index, name in enumerate(section["columns"][1:]):
            column += 1
            sheet.cell(row=header, column=column, value=name).font = bold
            if has_share[index]:
                column += 1
                sheet.cell(row=header, column=column, value=f"{name} (%)").font = bold
        line = header
        for row in section["rows"]:
            line += 1
            label = sheet.cell(row=line, column=1, value=row["label"])
            if row["total"]:
                label.font = bold
            column = 2
            for index, cell in enumerate(row["cells"]):
                column += _write_cell(sheet, line, column, cell, with_share=has_share[index])
        line += 1
        for note in section["notes"]:
            line += 1
            sheet.cell(row=line, column=1, value=note)
        sheet.column_dimensions["A"].width = 48
        for index in range(2, column + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 16
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
