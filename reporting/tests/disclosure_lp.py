"""The linear program of the disclosure audit (disclosure_audit.py): every unknown of a report
in one system of equalities, at-most relations and bounds, and each target's lowest and highest
value over it (scipy's linprog, HiGHS, on sparse matrices).

The unknowns fall apart in components (unknowns joined by a relation); each component is one
linear program, solved twice per target (lowest, highest). A vertex the solver returns is a
feasible point for every unknown of the component, so the range each one has already spanned
is kept: a target whose spanned range is already wide enough (`enough`) is not solved at all.
"""

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_array

PASSES = 8  # feasible points at random corners before solving each target's range
CAP = 1e6  # an upper bound no count or sum of a report reaches, for the first feasible points


def feasible_ranges(lines: list, uppers: list, bounds: dict, targets: dict) -> dict:
    """{target: (lowest, highest)} over `lines` ((line, constant): line = constant) and `uppers`
    ((line, constant): line <= constant), each unknown within `bounds` (default 0 and up).

    `targets`: {unknown: enough(low, high, exact_low) -> bool}, True when a range already found
    needs no closer bound (its lowest and highest are then not solved exactly); `exact_low` says
    the lowest is solved, not only a value seen."""
    parent: dict = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for line, _c in lines + uppers:
        first, *rest = line
        find(first)
        for other in rest:
            parent[find(other)] = find(first)
    members: dict = {}
    for unknown in parent:
        members.setdefault(find(unknown), []).append(unknown)
    result = {}
    for root, unknowns in members.items():
        wanted = [u for u in unknowns if u in targets]
        if not wanted:
            continue
        eq = [(line, c) for line, c in lines if find(next(iter(line))) == root]
        ub = [(line, c) for line, c in uppers if find(next(iter(line))) == root]
        result.update(_component(unknowns, eq, ub, bounds, {u: targets[u] for u in wanted}))
    return result


def _matrix(rows: list, index: dict):
    if not rows:
        return None, None
    data, row_ids, col_ids = [], [], []
    for r, (line, _c) in enumerate(rows):
        for unknown, coefficient in line.items():
            row_ids.append(r)
            col_ids.append(index[unknown])
            data.append(coefficient)
    matrix = csr_array((data, (row_ids, col_ids)), shape=(len(rows), len(index)))
    return matrix, np.array([c for _l, c in rows], dtype=float)


def _component(unknowns: list, eq: list, ub: list, bounds: dict, targets: dict) -> dict:
    index = {u: i for i, u in enumerate(unknowns)}
    a_eq, b_eq = _matrix(eq, index)
    a_ub, b_ub = _matrix(ub, index)
    box = [bounds.get(u, (0, None)) for u in unknowns]
    seen_low = {u: float("inf") for u in unknowns}
    seen_high = {u: float("-inf") for u in unknowns}

    def solve(objective, box=box):
        outcome = linprog(objective, A_eq=a_eq, b_eq=b_eq, A_ub=a_ub, b_ub=b_ub, bounds=box, method="highs-ipm")
        if outcome.status == 3:  # unbounded: nothing pins it from above
            return None
        assert outcome.status == 0, outcome.message
        for u, value in zip(unknowns, outcome.x, strict=True):
            seen_low[u] = min(seen_low[u], value)
            seen_high[u] = max(seen_high[u], value)
        return outcome.fun

    def extreme(unknown, sign) -> float:
        objective = np.zeros(len(unknowns))
        objective[index[unknown]] = sign
        value = solve(objective)
        if value is None:
            seen_high[unknown] = float("inf")
            return float("inf")
        return sign * value

    # Two feasible points first, every target as low and as high as it goes together (capped, so
    # that a sum without an upper bound still gives a point): most ranges are wide already.
    together = np.array([1.0 if u in targets else 0.0 for u in unknowns])
    capped = [(low, CAP if high is None else high) for low, high in box]
    solve(together)
    solve(-together, capped)
    rng = np.random.default_rng(15)
    for _pass in range(PASSES):
        solve(together * rng.choice([-1.0, 1.0], size=len(unknowns)), capped)
    found = {}
    for unknown, enough in targets.items():
        if enough(seen_low[unknown], seen_high[unknown], False):
            found[unknown] = (seen_low[unknown], seen_high[unknown])
            continue
        low = extreme(unknown, 1)
        if enough(low, seen_high[unknown], True):
            found[unknown] = (low, seen_high[unknown])
            continue
        found[unknown] = (low, extreme(unknown, -1))
    return found
