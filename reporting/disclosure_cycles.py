"""Disclosure control for the municipality x year figures (Figur 3.1-3.2): no cycle of sums pins
a hidden cell (rule 10).

Rules 2-3 (reporting/disclosure.py) look at one sum at a time. A table with hidden cells in
several rows and years can still pin a cell through a cycle of sums: two small rows' "I alt"
(4 and 3, together 7 as the total row shows) bound a large row's hidden year, which leaves that
row's other hidden years, and a neighbour's, within less than `SMALL_CELL_LIMIT`.

So for these small tables alone the build solves the table as a reader can: each hidden cell's
lowest and highest value over the table's sums (a row's years add up to its "I alt", the
municipalities' rows to the total row), counts at least 0. While a hidden count of 1-9 lies
within a range narrower than `SMALL_CELL_LIMIT` that reaches below it (the audit's test,
docs/disclosure.md), the smallest shown count sharing its row or column is hidden as well, and
the rules run again. Only a table with hidden cells is solved (scipy's `linprog`, HiGHS).
"""

from reporting.disclosure import SMALL_CELL_LIMIT, hide, sums_of

# Linear programs with random objectives solved first (their corners spread most cells by 5).
RANDOM_CORNERS = 8

# The figures whose cells are counts of a municipality's courses per year, with their totals.
GRID_SECTIONS = ("figur-3-1", "figur-3-2")


def protect_cycles(sections: list) -> bool:
    """Rule 10 over the report's municipality x year figures, in place; True when it hid a cell."""
    changed = False
    for section in sections:
        if section["key"] in GRID_SECTIONS:
            changed = protect_grid(section["rows"], section["layout"]) or changed
    return changed


def protect_grid(rows: list, layout) -> bool:
    """Hide one more cell for the first hidden count a cycle of the table's sums pins and that
    has a shown count in its row or column (the smallest; with none for any pinned count, the
    table's smallest shown count); True when it hid one (the caller runs the other rules again)."""
    shown = [
        (r, c, cell)
        for r, one in enumerate(rows)
        for c, cell in enumerate(one["cells"])
        if not cell["suppressed"] and not cell.get("public") and (cell.get("count") or 0) > 0
    ]
    pinned = False
    for row, column in pinned_cells(rows, layout):
        pinned = True
        neighbours = [cell for r, c, cell in shown if (r == row) != (c == column)]
        if neighbours:
            hide(min(neighbours, key=lambda cell: cell["count"]))
            return True
    if pinned and shown:
        hide(min((cell for _r, _c, cell in shown), key=lambda cell: cell["count"]))
        return True
    return False


def pinned_cells(rows: list, layout):
    """The hidden counts of 1-9 whose feasible range is narrower than the limit and reaches
    below it, one by one (none when nothing is hidden)."""
    hidden = [(r, c) for r, row in enumerate(rows) for c, cell in enumerate(row["cells"]) if cell["suppressed"]]
    if not hidden:
        return
    import numpy as np
    from scipy.optimize import linprog

    index = {position: i for i, position in enumerate(hidden)}
    equations, constants = [], []
    for one in sums_of(rows, layout):
        if one.total is None:
            continue  # a number shown outside the table: left out, which only widens a range
        coefficients = np.zeros(len(hidden))
        constant = 0.0
        for sign, position in [*((1, p) for p in one.parts), (-1, one.total)]:
            if position in index:
                coefficients[index[position]] += sign
            else:
                constant -= sign * (rows[position[0]]["cells"][position[1]].get("count") or 0)
        if coefficients.any():
            equations.append(coefficients)
            constants.append(constant)
    if not equations:
        return
    a_eq, b_eq = np.array(equations), np.array(constants)

    points = []  # feasible solutions: a cell they spread by the limit or more is not pinned

    def solve(objective) -> float | None:
        found = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        if found.status != 0:
            return None
        points.append(found.x)
        return found.fun

    def spread_wide(i: int) -> bool:
        values = [point[i] for point in points]
        return bool(values) and max(values) - min(values) >= SMALL_CELL_LIMIT - 1e-6

    # A zero is no one; a count of 10 or more with a range under 5 holds no small group.
    candidates = [
        (position, i)
        for position, i in index.items()
        if 0 < (rows[position[0]]["cells"][position[1]].get("count") or 0) < 2 * SMALL_CELL_LIMIT
    ]
    if len(candidates) > RANDOM_CORNERS:
        # A few random corners first: most cells differ by 5 or more between two of them, and
        # need no linear program of their own.
        rng = np.random.default_rng(len(hidden))
        for _corner in range(RANDOM_CORNERS):
            solve(rng.standard_normal(len(hidden)))
    for position, i in candidates:
        if spread_wide(i):
            continue
        objective = np.zeros(len(hidden))
        objective[i] = 1.0
        low = solve(objective)
        if low is None or low >= SMALL_CELL_LIMIT or spread_wide(i):
            continue
        high = solve(-objective)
        if high is not None and -high - low < SMALL_CELL_LIMIT - 1e-6:
            yield position
