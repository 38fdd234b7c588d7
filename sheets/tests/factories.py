"""Sheets to upload, built from dicts of cells: a csv or an xlsx in the registration sheet's format."""

import io

import openpyxl

from sheets import cells as sheet_cells
from sheets import columns as sheet


def course_row(**cells) -> dict:
    """A closed course with every column filled; override cells by header."""
    row = {
        sheet.MUNICIPALITY: "101",
        sheet.COURSE_ID: "K-1",
        sheet.VISITATION_DATE: "01-02-2023",
        sheet.START_DATE: "15-02-2023",
        sheet.END_DATE: "30-10-2023",
        sheet.RECRUITED_BY: "Sundhedspleje",
        sheet.VISIT_COUNT: "20",
        sheet.VISIT_HOURS: "25,5",
        sheet.GOALS_REACHED: "Enig",
        sheet.CHILD_DEVELOPED: "Meget enig",
        sheet.END_REASON: "Mål opnået",
        sheet.BIRTH_MONTH: "03-2022",
    }
    row.update(cells)
    return row


def answer_row(**cells) -> dict:
    row = dict.fromkeys(sheet.ANSWER_COLUMNS)
    row.update(
        {
            sheet.MUNICIPALITY: "101",
            sheet.RESPONSE_ID: "B-1",
            sheet.ANSWERED_ON: "05-11-2023",
            "1 Er du": "mor",
            "2 Bor alene": "nej",
            "3 Antal børn": "1",
            "4 Dagtilbud barn 1": "ja",
            "5 Udvikling barn 1": "Enig",
            "6 Relation barn 1": "Meget enig",
            "8 Samarbejde barn 1": "Enig",
            "7 Rammer": "Hverken enig eller uenig",
            "9 Samlet vurdering": "8",
        }
    )
    row.update(cells)
    return row


def ishoej_answer_row(**cells) -> dict:
    """A response to the Ishøj questionnaire with every imported question answered."""
    row = dict.fromkeys(sheet.ISHOEJ_ANSWER_COLUMNS)
    row.update(
        {
            sheet.MUNICIPALITY: "101",
            sheet.RESPONSE_ID: "I-1",
            sheet.ANSWERED_ON: "14-06-2023",
            "1 Trivsel bedre": "Ja",
            "4 Fyldte før": "8",
            "5 Fylder nu": "3",
            "6 Fylder mindre eller mere": "Fylder mindre",
            "7 Inspireret": "ja",
            "8 Handlemuligheder ved det svære": "Nej",
            "9 Handlemuligheder for samspil": "Ja",
        }
    )
    row.update(cells)
    return row


def sdq_row(**cells) -> dict:
    """A parent's SDQ at the start of course K-1 about its only child: every item the middle box,
    the supplement answered."""
    row = dict.fromkeys(sheet.SDQ_COLUMNS)
    row.update(
        {
            sheet.MUNICIPALITY: "101",
            sheet.COURSE_ID: "K-1",
            sheet.SDQ_TIMING: "Start",
            sheet.SDQ_INFORMANT: "Forælder",
            sheet.SDQ_MEASURED_ON: "15-04-2024",
            **dict.fromkeys(sheet.SDQ_ITEM_COLUMNS.values(), "1"),
            "Vanskeligheder": "1",
            "Belaster barnet": "2",
            "Hjemmet": "3",
            "Venskaber": "0",
            "Læring": "1",
            "Fritid": "0",
        }
    )
    row.update(cells)
    return row


SCORES_ONLY = {
    **dict.fromkeys(sheet.SDQ_ITEM_COLUMNS.values()),
    **dict.fromkeys(sheet.SDQ_IMPACT_COLUMNS.values()),
    "Score følelsesmæssige": "4",
    "Score adfærd": "3",
    "Score hyperaktivitet": "6",
    "Score jævnaldrende": "2",
    "Score prosocial": "8",
}


def _cells(rows, columns, base):
    return [[(base(**row) if base else row).get(column) for column in columns] for row in rows]


def course_csv(rows, *, delimiter=";", bom=False, columns=None) -> bytes:
    columns = columns or sheet.COURSE_COLUMNS
    return _csv(columns, _cells(rows, columns, course_row), delimiter=delimiter, bom=bom)


def answers_csv(rows, *, delimiter=";", bom=False, columns=None) -> bytes:
    columns = columns or sheet.ANSWER_COLUMNS
    return _csv(columns, _cells(rows, columns, answer_row), delimiter=delimiter, bom=bom)


def ishoej_answers_csv(rows, *, columns=None) -> bytes:
    columns = columns or sheet.ISHOEJ_ANSWER_COLUMNS
    return _csv(columns, _cells(rows, columns, ishoej_answer_row), delimiter=";", bom=False)


def sdq_csv(rows, *, columns=None) -> bytes:
    columns = columns or sheet.SDQ_COLUMNS
    return _csv(columns, _cells(rows, columns, sdq_row), delimiter=";", bom=False)


def _csv(columns, cells, *, delimiter, bom) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(columns)
    for row in cells:
        writer.writerow(["" if cell is None else cell for cell in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx(columns, cells) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for row in cells:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_rows(content: bytes) -> list[list]:
    return sheet_cells.table_read(content)
