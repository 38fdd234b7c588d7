"""Disclosure control: no hidden cell of a table can be worked out from what the table shows.

A cell based on fewer than `SMALL_CELL_LIMIT` courses, children or responses is hidden where it
is made (`Cells`, primary suppression). That alone is not enough: a reader who sees a row's
total and all its cells but one finds the hidden one by a difference (26 − 7 − 18 = 1), and a
share of 100 % minus the shown shares is a difference too. So each table says how its cells
add up (a `Layout`), and `protect` hides more cells until every such sum is safe
(complementary suppression):

1. A row whose N is hidden is hidden whole: its shares times an unknown N, its mean, minimum,
   maximum, hours and cost would otherwise give the N back through the column totals.
2. In every sum whose total is shown (a row's "I alt", a column's "Alle kommuner", the N of a
   note), the hidden cells are at least two and add up to at least `SMALL_CELL_LIMIT` (or to 0);
   otherwise the smallest shown non-zero cell is hidden as well (or, with none left, the total).
3. A hidden total needs a hidden part: otherwise it is the sum of the parts shown.
4. Repeat until nothing changes: a cell hidden for one sum may leave another unsafe.
5. The total row's minimum (maximum) is hidden when it lies below (above) every shown row's:
   it then is one course's value from a hidden group.

Shares count as their counts (a reader multiplies by N). Cells hidden for rule 1–3 look like
any other hidden cell, so a reader cannot tell a small number from a hidden large one. A zero is
no person: it is never hidden to protect another cell, only with its row (rule 1).

The rules look at one sum at a time; sums combine (a row's and a column's), so the tests audit
the result with a linear program over all of a table's sums at once
(reporting/tests/test_disclosure.py). Each table is protected on its own: a reader who lays two
tables with the same municipalities' N side by side is not modelled.
"""

from dataclasses import dataclass, field

SMALL_CELL_LIMIT = 5

Position = tuple[int, int]  # (row, column) of a cell


@dataclass(frozen=True)
class Layout:
    """How the cells of a table add up, column numbers counted from the first cell (not the label).

    across: per row, (the columns of its parts, the column of their total);
    down: columns whose municipality rows add up to the total row;
    fixed_down: columns whose rows add up to a number the report shows elsewhere (a note's N);
    fixed_across: each row's cells add up to such a number;
    row_n: the column of a row's N (rule 1); extremes: {column: "min" or "max"} (rule 5).
    """

    across: tuple[tuple[tuple[int, ...], int], ...] = ()
    down: tuple[int, ...] = ()
    fixed_down: tuple[int, ...] = ()
    fixed_across: bool = False
    row_n: int | None = None
    extremes: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sum:
    parts: tuple[Position, ...]
    total: Position | None  # None: the total is a number shown outside the table


def sums_of(rows: list, layout: Layout) -> list[Sum]:
    """Every sum a reader can form from the table."""
    sums = [Sum(tuple((r, c) for c in parts), (r, total)) for r in range(len(rows)) for parts, total in layout.across]
    totals = [r for r, row in enumerate(rows) if row["total"]]
    parts = [r for r, row in enumerate(rows) if not row["total"]]
    if totals and parts:
        sums += [Sum(tuple((r, c) for r in parts), (totals[0], c)) for c in layout.down]
    sums += [Sum(tuple((r, c) for r in range(len(rows))), None) for c in layout.fixed_down]
    if layout.fixed_across:
        sums += [Sum(tuple((r, c) for c in range(len(row["cells"]))), None) for r, row in enumerate(rows)]
    return sums


def protect(rows: list, layout: Layout) -> None:
    """Hide cells of `rows` (in place) until no hidden cell follows from the others."""
    sums = sums_of(rows, layout)
    changed = True
    while changed:
        changed = _hide_rows_without_n(rows, layout.row_n)
        for one in sums:
            changed = _make_safe(rows, one) or changed
    _hide_extremes(rows, layout.extremes)


def hide(cell: dict) -> None:
    cell["suppressed"] = True
    cell["value"] = None
    cell.pop("share", None)


def _cell(rows: list, position: Position) -> dict:
    row, column = position
    return rows[row]["cells"][column]


def _hide_rows_without_n(rows: list, row_n: int | None) -> bool:
    changed = False
    if row_n is None:
        return changed
    for row in rows:
        if not row["cells"][row_n]["suppressed"]:
            continue
        for cell in row["cells"]:
            if not cell["suppressed"] and not cell.get("public"):
                hide(cell)
                changed = True
    return changed


def _make_safe(rows: list, one: Sum) -> bool:
    """Rules 2 and 3 for one sum; True when a cell was hidden."""
    hidden = [p for p in one.parts if _cell(rows, p)["suppressed"]]
    shown = [p for p in one.parts if not _cell(rows, p)["suppressed"] and _cell(rows, p).get("count")]
    total_hidden = one.total is not None and _cell(rows, one.total)["suppressed"]
    if total_hidden and hidden:
        return False
    if not total_hidden:
        if not hidden:
            return False
        mass = sum(_cell(rows, p).get("count") or 0 for p in hidden)
        # A sum of hidden zeros gives away no one: zeros are shown anyway.
        if mass == 0 or (len(hidden) >= 2 and mass >= SMALL_CELL_LIMIT):
            return False
    if shown:
        hide(_cell(rows, min(shown, key=lambda p: _cell(rows, p)["count"])))
        return True
    if one.total is not None and not total_hidden:
        hide(_cell(rows, one.total))
        return True
    return False


def _hide_extremes(rows: list, extremes: dict[int, str]) -> None:
    totals = [row for row in rows if row["total"]]
    if not totals:
        return
    parts = [row for row in rows if not row["total"]]
    for column, kind in extremes.items():
        if not any(row["cells"][column]["suppressed"] for row in parts):
            continue
        cell = totals[0]["cells"][column]
        shown = [row["cells"][column]["value"] for row in parts if not row["cells"][column]["suppressed"]]
        shown = [value for value in shown if value is not None]
        if cell["value"] is None or cell["suppressed"]:
            continue
        if not shown or (cell["value"] < min(shown) if kind == "min" else cell["value"] > max(shown)):
            hide(cell)


def strip(rows: list) -> None:
    """Drop the counts the cells carried for `protect`: only what is shown is kept."""
    for row in rows:
        for cell in row["cells"]:
            cell.pop("count", None)
            cell.pop("public", None)
