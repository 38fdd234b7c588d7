"""The linear-programming audit of disclosure control (test_disclosure.py): an analyst's report
over many municipalities, the sums a reader sees in every table, the same group's N across
tables and the notes' counts, and a linear program for each hidden cell's feasible range."""

import re

from reporting.disclosure import SMALL_CELL_LIMIT
from reporting.tests.disclosure_data import YEAR
from reporting.tests.disclosure_links import add_amounts, add_responses
from reporting.tests.disclosure_lp import feasible_ranges

PARTS_EXCLUDED = {"Enige i alt", "§ 52-foranstaltninger afgjort", "Bor alene med børnene", "N", "I alt"}


def sums_a_reader_sees(section: dict) -> tuple[list, list]:
    """The table's additive relations as a reader sees them from its headers and its notes, not
    from the code's layout: (equalities, at-most relations), each (parts, total); a cell is
    (row, column), a total may be a number from the notes."""
    columns = section["columns"][1:]
    rows = section["rows"]
    municipality_rows = [r for r, row in enumerate(rows) if not row["total"]]
    total_rows = [r for r, row in enumerate(rows) if row["total"]]
    key = section["key"]
    equal, at_most = [], []

    def down(column):
        if total_rows and municipality_rows:
            equal.append(([(r, column) for r in municipality_rows], (total_rows[0], column)))

    if key == "svarprocent":  # invited, answered, and answered again as a share of invited
        down(0)
        down(1)
        for r in range(len(rows)):
            equal.append(([(r, 2)], (r, 1)))
    elif key in ("figur-3-1", "figur-3-2"):
        for r in range(len(rows)):
            equal.append(([(r, c) for c in range(len(columns) - 1)], (r, len(columns) - 1)))
        for c in range(len(columns)):
            down(c)
    elif columns[-1] == "N" and columns[1:4] == ["Min.", "Maks.", "N"]:
        down(3)  # mean, min., max., N
    elif key == "tabel-5-4":
        down(len(columns) - 1)
    elif columns and columns[-1] == "N":  # shares of N
        n = len(columns) - 1
        parts = [c for c, name in enumerate(columns) if name not in PARTS_EXCLUDED]
        for r in range(len(rows)):
            equal.append(([(r, c) for c in parts], (r, n)))
            if "Enige i alt" in columns:
                agree = [columns.index("Meget enig"), columns.index("Enig")]
                equal.append(([(r, c) for c in agree], (r, columns.index("Enige i alt"))))
        for c, name in enumerate(columns):
            if name != "Bor alene med børnene":
                down(c)
    elif key.startswith("ishoej-"):
        notes = " ".join(section["notes"])
        pooled = re.search(r"N = (\d+) besvarelser", notes)
        children = re.search(r"(\d+) børn har begge målinger|(\d+) barn har begge målinger", notes)
        if key in ("ishoej-1", "ishoej-8", "ishoej-9", "ishoej-10") and pooled:
            equal.append(([(0, c) for c in range(len(columns))], int(pooled.group(1))))
        elif key in ("ishoej-6", "ishoej-7") and pooled:
            for c in range(len(columns)):
                equal.append(([(r, c) for r in range(len(rows))], int(pooled.group(1))))
        elif key in ("ishoej-4", "ishoej-5") and children:
            for c in range(len(columns)):
                at_most.append(([(r, c) for r in range(len(rows))], int(children.group(1) or children.group(2))))
    return equal, at_most


# The same group in several tables, as a reader tells from the titles and notes: a
# municipality's courses closed in the year are its year in Figur 3.2 (the cohort), and the N of
# each table of the cohort's courses, less the courses its notes leave out (Tabel 5.4 states none
# but counts only courses with hours); its closed courses in all (Figur 3.2) are Tabel 3.1's N
# and its notes' courses, and at most its started ones (Figur 3.1).
COHORT_TABLES = ("figur-3-3", "maalgruppe", "figur-4-1", "figur-4-1-b", "tabel-5-1", "tabel-5-2", "tabel-5-3")


EXCLUDED = re.compile(r"^(<5|Nogle|\d+) (?:afsluttede )?forløb (?:er ikke talt med|tælles ikke med), da (.*)$")


def notes_a_reader_sees(result: dict) -> list:
    """The notes' counts of courses left out, each as (name, count or None for "<5", relation):
    relation (plus, minus) of cells (section key, row, column) and numbers, from the definitions
    the notes state: the cohort's courses are a table's N and its notes' courses; Figur 3.1's
    courses in all are Figur 3.2's and those without an end date; Figur 3.2's are Tabel 3.1's N
    and the two other notes of Tabel 3.1."""
    sections = {s["key"]: s for s in result["sections"]}
    cohort = result["cohort"]["courses"]

    def total(key, column):
        rows = sections[key]["rows"]
        row = next((r for r, row in enumerate(rows) if row["total"]), 0)
        return (key, row, column)

    found = []
    for key, section in sections.items():
        notes = [(m.group(1), m.group(2)) for m in map(EXCLUDED.match, section["notes"]) if m]
        if not notes:
            continue
        n = total(key, len(section["columns"]) - 2)
        counts = [(f"{key}:{i}", _count(count), why) for i, (count, why) in enumerate(notes)]
        if key == "tabel-3-1":
            started = total("figur-3-1", len(sections["figur-3-1"]["columns"]) - 2)
            closed = total("figur-3-2", len(sections["figur-3-2"]["columns"]) - 2)
            for name, count, why in counts:
                if "slutdato" in why:
                    found.append((name, count, [(1, started), (-1, closed)]))
            others = [(name, count) for name, count, why in counts if "slutdato" not in why]
            if others:
                found.append((others, None, [(1, closed), (-1, n)]))
        else:
            found.append(([(name, count) for name, count, _why in counts], None, [(1, cohort), (-1, n)]))
    return found


SOME = "some"


def _count(written: str):
    """A note's count as a reader reads it: None for "<5" (1-4, or more: the legend), SOME for
    "Nogle" (at least 1, no more said), else the number."""
    return None if written == "<5" else SOME if written == "Nogle" else int(written)


class Report:
    """The unknowns a reader of the whole report faces: every hidden cell, the same group's cells
    of several tables as one unknown, and the notes' "<5"; the equalities between them."""

    def __init__(self, result: dict):
        self.sections = result["sections"]
        self.parent: dict = {}
        self.truth: dict = {}  # unknown (class root) -> true count
        self.known: dict = {}  # class root -> the count shown
        self.bounds: dict = {}
        self.equalities: list = []
        self.upper: list = []  # (terms, bound): the terms' sum is at most the bound
        self.amounts: dict = {}  # a small group's sum -> its true value
        self._same_groups(result)
        for section in self.sections:
            equal, at_most = sums_a_reader_sees(section)
            for parts, whole in equal:
                terms = [(1, self._cell(section, p)) for p in parts]
                terms += [(-1, whole)] if isinstance(whole, int) else [(-1, self._cell(section, whole))]
                self.equalities.append(terms)
            for parts, whole in at_most:
                self.upper.append(([(1, self._cell(section, p)) for p in parts], whole))
        by_key = {s["key"]: s for s in self.sections}
        self.notes = []
        self.note_truth = {}
        note_groups = []
        for names, _none, relation in notes_a_reader_sees(result):
            names = names if isinstance(names, list) else [(names, _none)]
            terms = []
            note_groups.append(([("note", name) for name, count in names if count is None], terms))
            for name, count in names:
                if count == SOME:
                    self.bounds[("note", name)] = (1, None)  # no count: a target of no one
                    terms.append((1, ("note", name)))
                elif count is None:
                    self.notes.append(("note", name))
                    self.note_truth[("note", name)] = None
                    self.bounds[("note", name)] = (1, SMALL_CELL_LIMIT - 1)
                    terms.append((1, ("note", name)))
                else:
                    terms.append((1, count))
            for sign, term in relation:
                if isinstance(term, int):
                    terms.append((-sign, term))
                else:
                    key, r, c = term
                    terms.append((-sign, self._cell(by_key[key], (r, c))))
            self.equalities.append(terms)
        for section in self.sections:
            for r, row in enumerate(section["rows"]):
                for c, cell in enumerate(row["cells"]):
                    root = self._find(("cell", section["key"], r, c))
                    self.truth.setdefault(root, cell.get("count"))
                    if not cell["suppressed"]:
                        assert self.known.get(root, cell.get("count")) == cell.get("count"), (section["key"], r, c)
                        self.known[root] = cell.get("count")
        self._large_notes(note_groups)
        add_responses(self, result)
        add_amounts(self, result)

    def _large_notes(self, note_groups: list) -> None:
        """A note's "<5" may stand for a larger count, as the report's legend says of every "<5"
        (rule 7 writes a note's count so when it would pin a hidden cell): the notes whose true
        counts are larger are read as at least 1, and are no small count to protect."""
        for names, terms in note_groups:
            rest = [(sign, term) for sign, term in terms if not (isinstance(term, tuple) and term[0] == "note")]
            values = [term if isinstance(term, int) else self.truth.get(self._find(term)) for _sign, term in rest]
            if not names or any(value is None for value in values):
                continue
            hidden = -sum(sign * value for (sign, _term), value in zip(rest, values, strict=True))
            if hidden > (SMALL_CELL_LIMIT - 1) * len(names):
                for name in names:
                    self.bounds[name] = (1, None)
                    self.notes.remove(name)

    def _same_groups(self, result: dict) -> None:
        sections = {s["key"]: s for s in self.sections}
        with_notes = {s["key"] for s in self.sections if any(EXCLUDED.match(note) for note in s["notes"])}

        def column(key, name):
            return sections[key]["columns"].index(name) - 1

        def cells_by_label(key, name):
            c = column(key, name)
            return {row["label"]: ("cell", key, r, c) for r, row in enumerate(sections[key]["rows"])}

        cohort = cells_by_label("figur-3-2", str(YEAR))
        for key in (*COHORT_TABLES, "tabel-5-4"):
            for label, n in cells_by_label(key, "N").items():
                if key in with_notes or key == "tabel-5-4":
                    self.upper.append(([(1, n), (-1, cohort[label])], 0))
                else:
                    self.equalities.append([(1, n), (-1, cohort[label])])
        closed, started = cells_by_label("figur-3-2", "I alt"), cells_by_label("figur-3-1", "I alt")
        for label, n in cells_by_label("tabel-3-1", "N").items():
            self.upper.append(([(1, n), (-1, closed[label])], 0))
            self.upper.append(([(1, closed[label]), (-1, started[label])], 0))

    def _find(self, term):
        self.parent.setdefault(term, term)
        while self.parent[term] != term:
            self.parent[term] = self.parent[self.parent[term]]
            term = self.parent[term]
        return term

    def _cell(self, section, position):
        return ("cell", section["key"], *position)

    def check_truth(self) -> list:
        """The relations that do not hold on the true counts (none, or the audit is wrong)."""
        truth = {**self.truth, **self.note_truth}

        def value(term):
            if isinstance(term, int | float):
                return term
            return truth.get(self._find(term) if term[0] == "cell" else term)

        wrong = []
        for terms in self.equalities:
            values = [(sign, value(term)) for sign, term in terms]
            if all(v is not None for _s, v in values) and abs(sum(sign * v for sign, v in values)) > 1e-6:
                wrong.append(("=", terms, values))
        for terms, bound in self.upper:
            values = [(sign, value(term)) for sign, term in terms]
            if all(v is not None for _s, v in values) and sum(sign * v for sign, v in values) > bound + 1e-6:
                wrong.append(("<=", terms, values, bound))
        for term, (low, high) in self.bounds.items():
            v = value(term)
            if v is not None and not (low - 1e-6 <= v <= (float("inf") if high is None else high) + 1e-6):
                wrong.append(("in", term, v, low, high))
        return wrong

    def _line(self, terms):
        """(line, constant) of `terms` with what the report shows moved to the constant; None
        when a term is shown as empty."""
        line, constant = {}, 0.0
        for coefficient, term in terms:
            if isinstance(term, int | float):
                constant -= coefficient * term
                continue
            root = self._find(term) if term[0] == "cell" else term
            if root in self.known:
                if self.known[root] is None:
                    return None
                constant -= coefficient * self.known[root]
            else:
                line[root] = line.get(root, 0) + coefficient
        return {k: v for k, v in line.items() if v}, constant

    def ranges(self) -> dict:
        """Each target's (lowest, highest) over everything the report shows: one linear program
        over all tables (disclosure_lp.py)."""
        lines = [found for found in map(self._line, self.equalities) if found and found[0]]
        uppers = []
        for terms, whole in self.upper:
            found = self._line(terms)
            if found and found[0]:
                uppers.append((found[0], found[1] + whole))
        return feasible_ranges(lines, uppers, self.bounds, self._targets())

    def _targets(self) -> dict:
        """The unknowns worth solving, each with when its range is wide enough."""
        targets = {}
        for root in self.truth:
            if root[0] == "cell" and root not in self.known and self._worth_solving(root):
                targets[root] = _wide_count
        for note in self.notes:
            targets[note] = _wide_note
        for term, truth in self.amounts.items():
            targets[term] = _wide_amount(truth)
        return targets

    def _worth_solving(self, unknown) -> bool:
        """A cell of 1-9: a cell of 10 or more whose range reaches below 5 spans more than 5
        anyway; a zero is no person (and shown as 0 wherever the rules do not hide a row)."""
        truth = self.truth.get(unknown)
        return truth is not None and 0 < truth < 2 * SMALL_CELL_LIMIT

    def derivable(self) -> list:
        """What a reader of the whole report can work out: a hidden cell (not zero) whose range
        is narrower than the limit and reaches below it (a small group, or a count known to be
        small); a note's "<5" whose range is narrower than 1-4; and a small group's sum (hours,
        cost, visits, days, ratings: a mean times its N) known closer than `AMOUNT_MARGIN` of
        its value, or a zero sum known to be zero.

        A hidden count whose whole range lies at 5 or above holds no small group: the tables' N
        beside a note's "<5" are of that kind (the cohort's courses less 1-4)."""
        found = []
        for term, (low, high) in self.ranges().items():
            if term[0] == "cell" and low < SMALL_CELL_LIMIT and high - low < SMALL_CELL_LIMIT - 1e-6:
                found.append((term, self.truth[term], round(low, 2), round(high, 2)))
            elif term[0] == "note" and not _wide_note(low, high, True):
                found.append((term, round(low, 2), round(high, 2)))
            elif term[0] == "amount" and not _wide_amount(self.amounts[term])(low, high, True):
                found.append((term, round(self.amounts[term], 2), round(low, 2), round(high, 2)))
        return found


# A small group's sum is protected when a reader's range for it reaches this share of its
# value below and above it (the p % rule of magnitude tables, p = 20 %).
AMOUNT_MARGIN = 0.2


def _wide_count(low, high, exact_low):
    return high - low >= SMALL_CELL_LIMIT - 1e-6 or (exact_low and low >= SMALL_CELL_LIMIT)


def _wide_note(low, high, _exact_low):
    return low <= 1 + 1e-6 and high >= SMALL_CELL_LIMIT - 1 - 1e-6


def _wide_amount(truth):
    if truth == 0:
        return lambda low, high, _exact: high > 1e-6  # a sum of 0 not known to be 0
    return lambda low, high, _exact: (
        low <= (1 - AMOUNT_MARGIN) * truth + 1e-6 and high >= (1 + AMOUNT_MARGIN) * truth - 1e-6
    )
