"""What the disclosure audit (disclosure_audit.py) adds to the tables' counts: the sums behind the
means, hours and cost, and the responses a municipality's questionnaire tables count, as a
reader reads them from the tables and notes.

Sums: a mean shown with its N is their sum (mean × N, within the rounding of the mean); the
municipalities' sums add up to the total row's; each course lies within the total row's
minimum and maximum when shown (or the scale's: a rating is 1-10), so a hidden group's sum lies
within its N times them. Tabel 5.4's hours in all, hours per course times N and cost (hours
times the municipality's hourly rate, a public number) are one sum each row; over the
municipalities the hours and the cost in all are two sums of the same hidden hours, with
different rates as weights.

Responses: each municipality's questionnaire tables count some of its responses (Tabel 4.1, 4.2
and Figur 4.3 count a response once; the per-child figures may count more), and so do its
answered invitations (the response rate); all municipalities' responses are the answered
invitations and the note's responses given otherwise.
"""

import re

from reporting.disclosure import SMALL_CELL_LIMIT
from reporting.formatting import DECIMALS

# Stat tables: (the lowest and highest value a course can have, whatever the report shows).
STATS = {
    "tabel-3-1": (0, None),
    "tabel-4-1": (1, 10),
    "tabel-5-1": (0, None),
    "tabel-5-2": (0, None),
    "tabel-5-3": (0, None),
}
RESPONSE_TABLES = ("tabel-4-1", "tabel-4-2", "figur-4-3")
NOT_INVITED = re.compile(r"også (<5|nogle|\d+) besvarelse")


def _half(cell: dict) -> float:
    """Half the last decimal shown: the value is known within it."""
    return 0.5 * 10 ** -DECIMALS[cell["format"]]


def _rows(section):
    rows = section["rows"]
    total = next((r for r, row in enumerate(rows) if row["total"]), None)
    return [r for r, row in enumerate(rows) if not row["total"]], total


def _small(n) -> bool:
    return n is not None and 0 < n < SMALL_CELL_LIMIT


def add_amounts(report, result: dict) -> None:
    for section in result["sections"]:
        if section["key"] in STATS:
            _stat_sums(report, section)
        elif section["key"] == "tabel-5-4":
            _hours_and_cost(report, section)


def _stat_sums(report, section: dict) -> None:
    key, rows = section["key"], section["rows"]
    low, high = STATS[key]
    parts, total = _rows(section)
    if total is not None:
        # Every course of the table lies within the total row's shown minimum and maximum.
        minimum, maximum = rows[total]["cells"][1], rows[total]["cells"][2]
        low = minimum["value"] if not minimum["suppressed"] and minimum["value"] is not None else low
        high = maximum["value"] if not maximum["suppressed"] and maximum["value"] is not None else high
    for r, row in enumerate(rows):
        mean, n_cell = row["cells"][0], row["cells"][3]
        n = n_cell.get("count") or 0
        term = ("amount", key, r, "sum")
        report.truth[term] = (mean.get("amount") or 0) * n
        if not mean["suppressed"]:
            value = mean["value"] or 0
            report.bounds[term] = ((value - _half(mean)) * n, (value + _half(mean)) * n)
            continue
        n_term = ("cell", key, r, 3)
        if high is not None:
            report.upper.append(([(1, term), (-high, n_term)], 0))
        if low:
            report.upper.append(([(low, n_term), (-1, term)], 0))
        if _small(n) and report.truth[term]:
            report.amounts[term] = report.truth[term]
    if total is not None and parts:
        report.equalities.append(
            [*((1, ("amount", key, r, "sum")) for r in parts), (-1, ("amount", key, total, "sum"))]
        )


def _hours_and_cost(report, section: dict) -> None:
    key, rows = section["key"], section["rows"]
    parts, total = _rows(section)
    for r, row in enumerate(rows):
        paired, hours, per_course, rate, cost_per_course, cost, n_cell = row["cells"]
        n = n_cell.get("count") or 0
        h_term, p_term = ("amount", key, r, "hours"), ("amount", key, r, "paired")
        report.truth[h_term] = hours.get("amount") or 0
        report.truth[p_term] = paired.get("amount") or 0
        if not hours["suppressed"]:
            ranges = [(hours["value"] or 0, _half(hours)), ((per_course["value"] or 0) * n, _half(per_course) * n)]
            if rate["value"] and cost["value"] is not None:
                ranges.append((cost["value"] / rate["value"], _half(cost) / rate["value"]))
            if rate["value"] and cost_per_course["value"] is not None:
                ranges.append(
                    (cost_per_course["value"] * n / rate["value"], _half(cost_per_course) * n / rate["value"])
                )
            report.bounds[h_term] = (max(v - h for v, h in ranges), min(v + h for v, h in ranges))
        if not paired["suppressed"]:
            report.bounds[p_term] = (paired["value"] or 0, paired["value"] or 0)
        if _small(n):
            for term in (h_term, p_term):
                if report.truth[term]:
                    report.amounts[term] = report.truth[term]
    if total is None or not parts:
        return
    for name in ("hours", "paired"):
        report.equalities.append([*((1, ("amount", key, r, name)) for r in parts), (-1, ("amount", key, total, name))])
    rates = [rows[r]["cells"][3]["value"] for r in parts]
    cost = rows[total]["cells"][5]
    if all(rates) and not cost["suppressed"] and cost["value"] is not None:
        # The cost in all is the hours weighted by each municipality's rate: a second sum of
        # them, known within the rounding of the cost.
        cost_term = ("amount", key, total, "cost")
        hours = [(rate, ("amount", key, r, "hours")) for r, rate in zip(parts, rates, strict=True)]
        report.equalities.append([*hours, (-1, cost_term)])
        report.bounds[cost_term] = (cost["value"] - _half(cost), cost["value"] + _half(cost))
        report.truth[cost_term] = sum(rate * report.truth[term] for rate, term in hours)


def add_responses(report, result: dict) -> None:
    sections = {s["key"]: s for s in result["sections"]}
    if not all(key in sections for key in (*RESPONSE_TABLES, "svarprocent")):
        return
    rate = sections["svarprocent"]
    labels = [row["label"] for row in rate["rows"]]
    responses = {label: ("responses", label) for label in labels}
    for key in (*RESPONSE_TABLES, "svarprocent"):
        section = sections[key]
        column = 1 if key == "svarprocent" else len(section["columns"]) - 2
        for r, row in enumerate(section["rows"]):
            report.upper.append(([(1, ("cell", key, r, column)), (-1, responses[row["label"]])], 0))
    parts, total = _rows(rate)
    if total is None:
        total = parts[0]  # one municipality: its row is the report's
    else:
        report.equalities.append([*((1, responses[labels[r]]) for r in parts), (-1, responses[labels[total]])])
    match = next((NOT_INVITED.search(note) for note in rate["notes"] if NOT_INVITED.search(note)), None)
    terms = [(1, responses[labels[total]]), (-1, ("cell", "svarprocent", total, 1))]
    if match and match.group(1) == "<5":
        note = ("note", "svarprocent:not-invited")
        report.notes.append(note)
        report.note_truth[note] = None
        report.bounds[note] = (1, SMALL_CELL_LIMIT - 1)
        terms.append((-1, note))
    elif match and match.group(1) == "nogle":  # no count: at least 1
        note = ("note", "svarprocent:not-invited")
        report.bounds[note] = (1, None)
        terms.append((-1, note))
    elif match:
        terms.append((-1, int(match.group(1))))
    report.equalities.append(terms)
