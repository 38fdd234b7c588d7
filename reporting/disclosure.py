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
3. A hidden total needs hidden parts of at least `SMALL_CELL_LIMIT` together: otherwise it is the
   sum of the parts shown, or known within less than the limit.
4. Repeat until nothing changes: a cell hidden for one sum may leave another unsafe.
5. The total row's minimum (maximum) is hidden when it lies below (above) every shown row's:
   it then is one course's value from a hidden group.
9. A total weighing each row's sum by a public number (Tabel 5.4's cost in all: hours times each
   municipality's rate) is, beside the plain total (hours in all), a second sum of the same
   hidden hours, and pins two of them when their rates differ: it is hidden when the hidden
   rows' weights differ (`Layout.weight`, `Layout.weighted`). The rule in full: docs/disclosure.md.

Shares count as their counts (a reader multiplies by N). Cells hidden for rule 1–3 look like
any other hidden cell, so a reader cannot tell a small number from a hidden large one. A zero is
no person: it is never hidden to protect another cell, only with its row (rule 1).

The rules look at one sum at a time; sums combine (a row's and a column's), so the tests audit
the result with a linear program over all of a report's sums at once
(reporting/tests/test_disclosure.py).

A report is protected as a whole (`protect_report`), as a reader lays its tables side by side:

6. The same group appears in several tables: a municipality's courses are the N of Figur 3.3,
   Figur 4.1 and Tabel 5.1-5.4 and its year in Figur 3.2, its responses the N of Tabel 4.1-4.2
   and Figur 4.2-4.5. A group's count hidden in one table is hidden in every table that shows the
   same municipality's (or all municipalities') count of the same unit with the same number
   (`Layout.groups`, `Layout.equals`): equal counts may be the same group, and a hidden one shown
   elsewhere gives back the cells it protects. And a municipality's N hidden in one table is
   hidden in all: a table that leaves out a course or two would otherwise bound it.
7. A note's count of 1-4 is written "<5" (`NoteCount`), and the numbers it is the difference of
   (the cohort's courses minus a table's N, Figur 3.1's courses minus Figur 3.2's) do not all stay
   shown: otherwise the difference gives it back. The first cell of the relation is hidden; a
   hidden total of hidden parts under 5 (Figur 3.2's "In all" of a public year and a hidden 2)
   does not count, as the note's 1-4 gives those parts back within as much. A note's count of 5
   or more is written "<5" when its relation has one hidden cell (13 courses less "10 are not
   counted" is a hidden N of 3). The
   same per municipality, though no note states it: its cohort's courses (shown in a table that
   leaves none out) minus its N in a table that leaves one or two out.
8. Repeat every table's rules 1-5 and rules 6-7 until nothing changes.

A count the front page shows (the cohort's courses) is never hidden in a table: hiding it would
hide nothing, so the rules hide other cells instead.
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
    row_n: the column of a row's N (rule 1); extremes: {column: "min" or "max"} (rule 5);
    twins: (column, column) pairs that show the same count twice (answered, and answered as a share
        of invited): either hidden hides the other;
    groups: {column: unit} for the N of a row's municipality: "courses" (of the cohort),
        "responses" (to its questionnaires) or "history" (courses of the municipality's whole
        period, Tabel 3.1) (rule 6);
    equals: {column: units} for counts that may be such a group (a year of Figur 3.1-3.2 may be
        the cohort's courses; "In all" the municipality's history) (rule 6);
    weight: the column of a public number per row (an hourly rate) that `weighted`, columns of
        the total row, weigh the rows' sums by (rule 9).
    """

    across: tuple[tuple[tuple[int, ...], int], ...] = ()
    down: tuple[int, ...] = ()
    fixed_down: tuple[int, ...] = ()
    fixed_across: bool = False
    row_n: int | None = None
    extremes: dict[int, str] = field(default_factory=dict)
    twins: tuple[tuple[int, int], ...] = ()
    groups: dict[int, str] = field(default_factory=dict)
    equals: dict[int, tuple[str, ...]] = field(default_factory=dict)
    weight: int | None = None
    weighted: tuple[int, ...] = ()


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


def protect(rows: list, layout: Layout) -> bool:
    """Hide cells of `rows` (in place) until no hidden cell follows from the others; True when
    it hid any."""
    # Each sum's cells looked up once: hiding changes a cell, never which cell a position holds.
    sums = [
        ([_cell(rows, p) for p in one.parts], _cell(rows, one.total) if one.total is not None else None)
        for one in sums_of(rows, layout)
    ]
    hid = False
    changed = True
    while changed:
        changed = _hide_rows_without_n(rows, layout.row_n)
        changed = _hide_twins(rows, layout.twins) or changed
        for cells, total in sums:
            changed = _make_safe(cells, total) or changed
        hid = hid or changed
    hid = _hide_weighted(rows, layout) or hid
    return _hide_extremes(rows, layout.extremes) or hid


# The report as a whole (rules 6-8) -----------------------------------------------------------

# A cell of the report: (the section's key, its row, its column); the row "total" is the total
# row, or a report's only row when it covers one municipality.
CellRef = tuple[str, int | str, int]


@dataclass(frozen=True)
class NoteCount:
    """A count a note states (courses left out of a table), and how the shown numbers give it:
    count = sum(plus) - sum(minus) - other notes' counts, each term a cell of the report or a
    number shown outside the tables (the cohort's courses on the front page)."""

    key: str
    count: int
    plus: tuple[CellRef | int, ...] = ()
    minus: tuple[CellRef | int, ...] = ()
    hide_plus_first: bool = False
    # The note as shown, and as written with its count hidden (rule 7, a count of 5 or more).
    text: str = ""
    hidden_text: str = ""

    @property
    def hidden(self) -> bool:
        return 0 < self.count < SMALL_CELL_LIMIT

    def terms(self) -> tuple[CellRef, ...]:
        """The relation's cells, the one to hide first (the table's N, of `minus`, unless told)."""
        terms = (*self.plus, *self.minus) if self.hide_plus_first else (*self.minus, *self.plus)
        return tuple(term for term in terms if not isinstance(term, int))


def protect_report(sections: list, notes: list[NoteCount] = (), *, known: frozenset = frozenset()) -> set[str]:
    """Rules 1-9 over every section of a report ({"key", "rows", "layout"}), in place; the keys
    of the notes whose count of 5 or more is to be written "<5" (rule 7).

    `known`: group counts (unit, group, count) the report shows outside its tables (the cohort's
    courses on the front page). Their cells are never hidden, as that would hide nothing; the
    rules hide other cells instead."""
    by_key = {section["key"]: section for section in sections}
    group_cells = list(_group_cells(sections))  # hiding a cell keeps its count: the list stays
    for key, _n, cell in group_cells:
        if key in known:
            cell["public"] = True
    protected: dict = {}  # a section's hidden cells when its rules last ran
    changed = True
    while changed:
        for section in sections:
            if protected.get(section["key"]) != _hidden_count(section):
                protect(section["rows"], section["layout"])
                protected[section["key"]] = _hidden_count(section)
        changed = _hide_same_groups(group_cells)
        for note in notes:
            changed = _protect_note(by_key, note) or changed
    return {note.key for note in notes if _pins_a_hidden_cell(by_key, note)}


def _hidden_count(section: dict) -> int:
    return sum(cell["suppressed"] for row in section["rows"] for cell in row["cells"])


def _group_cells(sections: list):
    """(unit, group, count, is the group's N) and the cell, for every cell of a group."""
    for section in sections:
        layout = section["layout"]
        for row in section["rows"]:
            group = row.get("group")
            if group is None:
                continue
            for column, units in [*((c, (u,)) for c, u in layout.groups.items()), *layout.equals.items()]:
                cell = row["cells"][column]
                if cell.get("count"):
                    for unit in units:
                        yield (unit, group, cell["count"]), column in layout.groups, cell


def _hide_same_groups(cells: list) -> bool:
    """Rule 6 over the report's `_group_cells`. A municipality's N of a unit is hidden in every
    table once hidden in one (so no table's N, a few courses less or more, bounds it); any count
    equal to a hidden group's, and a hidden count's equal (the group of all municipalities is
    matched by its number only)."""
    hidden = {key for key, _n, cell in cells if cell["suppressed"]}
    hidden_n = {(unit, group) for (unit, group, _c), is_n, cell in cells if is_n and cell["suppressed"]}
    changed = False
    for key, is_n, cell in cells:
        unit, group, _count = key
        whole = is_n and group != "total" and (unit, group) in hidden_n
        if (key in hidden or whole) and not cell["suppressed"] and not cell.get("public"):
            hide(cell)
            changed = True
    return changed


def _position(by_key: dict, ref: CellRef) -> tuple[dict, int, int] | None:
    """The section, row and column `ref` names, None when the report has no such cell."""
    key, row, column = ref
    section = by_key.get(key)
    if section is None or not section["rows"]:
        return None
    rows = section["rows"]
    if row == "total":
        totals = [r for r in rows if r["total"]]
        row = rows.index(totals[0]) if totals else 0 if len(rows) == 1 else None
        if row is None:
            return None
    return section, row, column


def resolve(by_key: dict, ref: CellRef) -> dict | None:
    """The cell `ref` names, None when the report has no such section."""
    found = _position(by_key, ref)
    if found is None:
        return None
    section, row, column = found
    return section["rows"][row]["cells"][column]


def _thin(by_key: dict, ref: CellRef) -> bool:
    """A hidden total of no hidden parts, or of hidden parts under `SMALL_CELL_LIMIT`: known
    within a note's 1-4, it gives its small parts back within as much."""
    section, row, column = _position(by_key, ref)
    rows = section["rows"]
    for one in sums_of(rows, section["layout"]):
        if one.total == (row, column):
            hidden = [_cell(rows, p) for p in one.parts if _cell(rows, p)["suppressed"]]
            mass = sum(cell.get("count") or 0 for cell in hidden)
            if not hidden or 0 < mass < SMALL_CELL_LIMIT:  # no hidden part: the shown parts' sum
                return True
    return False


def _protect_note(by_key: dict, note: NoteCount) -> bool:
    """Rule 7: a note's "<5" is not the difference of numbers all shown (other notes of the same
    relation count as shown: their sum with this one may pin both), nor of shown numbers and
    totals of a few hidden cells (Figur 3.2's "In all" of a public year and a hidden 2)."""
    if not note.hidden:
        return False
    refs = note.terms()
    cells = [resolve(by_key, ref) for ref in refs]
    if any(cell is None for cell in cells):
        return False  # a term the report does not show
    hidden = [ref for ref, cell in zip(refs, cells, strict=True) if cell["suppressed"]]
    if hidden and not all(_thin(by_key, ref) for ref in hidden):
        return False
    hideable = [cell for cell in cells if not cell["suppressed"] and not cell.get("public")]
    if not hideable:
        return False
    hide(hideable[0])
    return True


def _pins_a_hidden_cell(by_key: dict, note: NoteCount) -> bool:
    """Rule 7, a note's count of 5 or more: shown, it gives its relation's one hidden cell back."""
    if note.hidden or not note.hidden_text or not note.count:
        return False
    cells = [resolve(by_key, ref) for ref in note.terms()]
    if any(cell is None for cell in cells):
        return False
    return sum(cell["suppressed"] for cell in cells) == 1


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


def _hide_twins(rows: list, twins: tuple[tuple[int, int], ...]) -> bool:
    changed = False
    for row in rows:
        for pair in twins:
            cells = [row["cells"][column] for column in pair]
            if any(cell["suppressed"] for cell in cells):
                for cell in cells:
                    if not cell["suppressed"]:
                        hide(cell)
                        changed = True
    return changed


def _make_safe(cells: list, total: dict | None) -> bool:
    """Rules 2 and 3 for one sum, its parts' cells and its total's (None: shown outside the
    table); True when a cell was hidden."""
    hidden = [cell for cell in cells if cell["suppressed"]]
    total_hidden = total is not None and total["suppressed"]
    mass = sum(cell.get("count") or 0 for cell in hidden)
    if total_hidden and hidden and mass >= SMALL_CELL_LIMIT:
        # A hidden total is the shown parts plus the hidden ones: known within their sum.
        return False
    if not total_hidden:
        if not hidden:
            return False
        # A sum of hidden zeros gives away no one: zeros are shown anyway.
        if mass == 0 or (len(hidden) >= 2 and mass >= SMALL_CELL_LIMIT):
            return False
    shown = [cell for cell in cells if not cell["suppressed"] and cell.get("count") and not cell.get("public")]
    if shown:
        hide(min(shown, key=lambda cell: cell["count"]))
        return True
    if total is not None and not total_hidden and not total.get("public"):
        hide(total)
        return True
    return False


def _hide_weighted(rows: list, layout: Layout) -> bool:
    """Rule 9: the weighted total hidden when the hidden rows' weights differ."""
    totals = [row for row in rows if row["total"]]
    if layout.weight is None or not totals or layout.row_n is None:
        return False
    hidden = [row for row in rows if not row["total"] and row["cells"][layout.row_n]["suppressed"]]
    if len({row["cells"][layout.weight]["value"] for row in hidden}) < 2:
        return False
    changed = False
    for column in layout.weighted:
        cell = totals[0]["cells"][column]
        if not cell["suppressed"]:
            hide(cell)
            changed = True
    return changed


def _hide_extremes(rows: list, extremes: dict[int, str]) -> bool:
    totals = [row for row in rows if row["total"]]
    if not totals:
        return False
    changed = False
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
            changed = True
    return changed


def strip(rows: list) -> None:
    """Drop the counts the cells carried for `protect`: only what is shown is kept."""
    for row in rows:
        row.pop("group", None)
        for cell in row["cells"]:
            cell.pop("count", None)
            cell.pop("amount", None)
            cell.pop("public", None)
