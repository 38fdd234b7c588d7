"""Cells (numbers with their format, hidden when based on fewer than five), rows and sections:
the pieces every table of the report is made of (see the package's docstring for their shape).

While the report is built, a count's cell (and a share's) also carries the count it stands for
("count"), a mean's or a sum's its exact value ("amount"), and a number that is no person's ("public") says so, for the disclosure control of
`reporting/disclosure.py`; both are dropped before the result is stored."""

from datetime import timedelta

from courses.models import Agreement
from reporting.disclosure import SMALL_CELL_LIMIT, Layout
from reporting.formatting import SUPPRESSED, rounded

AGREEMENTS = [choice.value for choice in Agreement]
AGREEING = {Agreement.STRONGLY_AGREE.value, Agreement.AGREE.value}


class Cells:
    """Makes cells, hiding numbers based on fewer than 5 when the report asks for it."""

    def __init__(self, *, suppress: bool):
        self.suppress = suppress

    def _small(self, n) -> bool:
        return self.suppress and n is not None and 0 < n < SMALL_CELL_LIMIT

    def count(self, n: int, *, total: int | None = None) -> dict:
        """A count of courses, children or responses; with `total`, its share beside it."""
        cell = {"value": n, "format": "int", "suppressed": self._small(n), "count": n}
        if total is not None:
            cell["share"] = rounded(100 * n / total, "pct") if total else None
            if self._small(total):
                cell["suppressed"] = True
        if cell["suppressed"]:
            cell["value"] = None
            cell.pop("share", None)
        return cell

    def stat(self, value, fmt: str, *, n: int) -> dict:
        """A mean, minimum or maximum over `n` courses, children or responses (its exact value
        kept as "amount" for the disclosure control of sums, dropped with "count")."""
        amount = None if value is None else float(value)
        if self._small(n):
            return {"value": None, "format": fmt, "suppressed": True, "amount": amount}
        return {"value": rounded(value, fmt) if n else None, "format": fmt, "suppressed": False, "amount": amount}

    def share(self, part: int, n: int) -> dict:
        """`part` of `n` in per cent; hidden when either is small."""
        if self._small(part) or self._small(n):
            return {"value": None, "format": "pct", "suppressed": True, "count": part}
        value = rounded(100 * part / n, "pct") if n else None
        return {"value": value, "format": "pct", "suppressed": False, "count": part}

    def in_text(self, n: int):
        """A count written in a note: "<5" when its cells would be hidden."""
        return SUPPRESSED if self._small(n) else n

    def amount(self, value, fmt: str, *, n: int) -> dict:
        """A sum over `n` courses (hours, cost, visits): hidden with them, as it divides by them."""
        return self.stat(value, fmt, n=n)

    @staticmethod
    def plain(value, fmt: str) -> dict:
        """A number that is not about courses, children or responses (rates, staff)."""
        return {"value": rounded(value, fmt), "format": fmt, "suppressed": False, "public": True}


def _section(key, number, title, columns, rows, *, notes=(), chart=None, subtitle="", part="", layout=None):
    """`layout` says how the cells add up (reporting/disclosure.py); the builder protects and drops it."""
    return {
        "key": key,
        "number": number,
        "title": title,
        "subtitle": subtitle,
        "part": part,
        "columns": [str(column) for column in columns],
        "rows": rows,
        "notes": [note for note in notes if note],
        "chart": chart,
        "layout": layout or Layout(),
    }


def _row(label: str, cells: list, *, total: bool = False) -> dict:
    return {"label": str(label), "cells": cells, "total": total}


def _days(value: timedelta | None) -> float | None:
    """An average or difference of dates (a timedelta from the database), as days."""
    return None if value is None else value.total_seconds() / 86400
