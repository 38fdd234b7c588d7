"""What every table of the report builds on: the rows per municipality and the shared helpers."""

from collections import Counter, defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting import selectors
from reporting.disclosure import SMALL_CELL_LIMIT, CellRef, Layout, NoteCount
from reporting.disclosure_notes import uncounted_text
from reporting.formatting import SUPPRESSED
from reporting.selectors import TOTAL, Cohort
from reporting.tables.cells import AGREEING, Cells, _row
from surveys.models import ISHOEJ, NATIONAL, Question


def stats_layout(unit: str = "courses") -> Layout:
    """Mean, min., max., N: the N add up over the municipalities; a hidden group's extremes stay
    hidden; the N is the municipality's group of `unit`."""
    return Layout(down=(3,), row_n=3, extremes={1: "min", 2: "max"}, groups={3: unit})


def share_layout(values: list, *, agreeing: bool = False, unit: str = "courses") -> Layout:
    """Shares of N per value (then "Agree in all" when `agreeing`), then N: the shares' counts add
    up to N across, every column adds up over the municipalities.

    With "Agree in all" the row is two sums, one inside the other: the agreeing add up to it, and
    it and the others add up to N. As one flat sum, 100 % minus "Agree in all" (83 % of 6) would
    give a single hidden "Neutral" back although the flat sum hid three cells."""
    n = len(values) + (1 if agreeing else 0)
    if not agreeing:
        return Layout(across=((tuple(range(len(values))), n),), down=tuple(range(n + 1)), row_n=n, groups={n: unit})
    agree_in_all = len(values)
    agree = tuple(i for i, value in enumerate(values) if value in AGREEING)
    others = tuple(i for i, value in enumerate(values) if value not in AGREEING)
    return Layout(
        across=((agree, agree_in_all), ((agree_in_all, *others), n)),
        down=tuple(range(n + 1)),
        row_n=n,
        groups={n: unit},
    )


class TablesBase:
    """The cohort, its municipalities as rows (with the total when there are several), its size and
    the questionnaires' questions, and the helpers the tables share. The tables themselves are in
    the mixins of `ReportBuilder` (reporting/tables/builder.py)."""

    def __init__(self, *, cohort: Cohort, suppress: bool):
        self.cohort = cohort
        self.cells = Cells(suppress=suppress)
        self.suppress = suppress
        self.municipalities = selectors.cohort_municipalities(cohort)
        self.several = len(self.municipalities) > 1
        # The counts the notes state, with the shown numbers they are the difference of (rule 7).
        self.note_counts: list[NoteCount] = []
        # Each such note as written without its count ("Nogle forløb ...", rule 11).
        self.uncounted_texts: dict[str, str] = {}
        # Rows: one per municipality, then the total when there are several.
        self.row_keys = [(m.pk, m.name) for m in self.municipalities]
        if self.several:
            self.row_keys.append((TOTAL, _("All municipalities")))
        # The size, the visit figures and the length in one scan of the cohort (chapter 5 reads them).
        self.figures = selectors.course_figures(cohort)
        self.size = {key: {"n": row["n"]} for key, row in self.figures.items()}
        # The recruiter (Figur 3.3) and the closure answers (Figur 4.1) in one scan too.
        self.categories = selectors.category_counts(cohort)
        self.questions = {
            (q.questionnaire.key, q.number): q
            for q in Question.objects.filter(questionnaire__key__in=[NATIONAL, ISHOEJ])
            .select_related("questionnaire")
            .order_by("questionnaire__key", "questionnaire__version", "position")
        }  # the latest version wins

    # Helpers ---------------------------------------------------------------------------

    def _rows(self, make) -> list:
        """One row per municipality (then the total), each marked with its group for rule 6."""
        rows = []
        for key, label in self.row_keys:
            row = _row(label, make(key), total=key is TOTAL)
            row["group"] = "total" if key is TOTAL else key
            rows.append(row)
        return rows

    def _sum_over(self, counts: dict, municipality_id, value) -> int:
        if municipality_id is TOTAL:
            return sum(n for (m, v), n in counts.items() if v == value)
        return counts.get((municipality_id, value), 0)

    def _plural(self, n: int) -> int:
        """The number ngettext chooses the form by: a count written "<5" reads as several."""
        return SMALL_CELL_LIMIT if self.cells.in_text(n) != n else n

    def _excluded_note(
        self,
        excluded: int,
        message: str,
        *,
        key: str = "",
        plus: tuple[CellRef | int, ...] = (),
        minus: tuple[CellRef | int, ...] = (),
        hide_plus_first: bool = False,
    ) -> str:
        """`message` is the ngettext sentence for `excluded` courses (chosen by `_plural`);
        nothing when none is left out; "<5" for 1-4. `plus` and `minus`: the shown numbers whose
        difference `excluded` is, the table's N first (reporting/disclosure.py, rule 7)."""
        if not excluded:
            return ""
        text = message % {"count": self.cells.in_text(excluded)}
        if plus or minus:
            hidden_text = message % {"count": SUPPRESSED} if self.suppress else ""
            self.uncounted_texts[key] = uncounted_text(message)
            self.note_counts.append(
                NoteCount(
                    key=key,
                    count=excluded,
                    plus=plus,
                    minus=minus,
                    hide_plus_first=hide_plus_first,
                    text=text,
                    hidden_text=hidden_text,
                )
            )
        return text

    def _question_text(self, key: str, number: str) -> str:
        question = self.questions.get((key, number))
        return question.text if question else ""

    def _choice_labels(self, key: str, number: str) -> dict:
        question = self.questions.get((key, number))
        return {choice["value"]: choice["label"] for choice in (question.choices if question else [])}

    def _stat_cells(
        self, row: dict | None, fmt: str, *, prefix: str = "", convert=lambda v: v, min_fmt: str | None = None
    ) -> list:
        """Mean, min., max. and N from a `_stats`-shaped row (keys `<prefix>mean` …); a
        municipality without rows gets empty cells."""
        row = row or {}
        n = row.get(f"{prefix}n") or 0
        min_fmt = min_fmt or fmt
        return [
            self.cells.stat(convert(row.get(f"{prefix}mean")), fmt, n=n),
            self.cells.stat(convert(row.get(f"{prefix}min")), min_fmt, n=n),
            self.cells.stat(convert(row.get(f"{prefix}max")), min_fmt, n=n),
            self.cells.count(n),
        ]

    def _share_rows(self, counts: dict, values: list, *, agreeing: bool = False) -> list:
        def make(municipality_id):
            per_value = [self._sum_over(counts, municipality_id, value) for value in values]
            n = sum(per_value)
            cells = [self.cells.share(part, n) for part in per_value]
            if agreeing:
                cells.append(self.cells.share(sum(p for v, p in zip(values, per_value) if v in AGREEING), n))
            return cells + [self.cells.count(n)]

        return self._rows(make)

    def _answers_of(self, answers: dict, key: str, number: str) -> dict:
        """{(municipality_id, choice or number): count} for one question."""
        result: dict = defaultdict(int)
        for (m, k, q, choice, value), n in answers.items():
            if k == key and q == number:
                result[(m, choice if choice else value)] += n
        return dict(result)

    def _responses_of(self, responses: dict, key: str, municipality_id) -> int:
        return sum(
            n
            for (m, k, _tied), n in responses.items()
            if k == key and (municipality_id is TOTAL or m == municipality_id)
        )

    def _untied_note(self, responses: dict, key: str) -> str:
        untied = sum(n for (_m, k, tied), n in responses.items() if k == key and not tied)
        if not untied:
            return ""
        return ngettext(
            "%(count)s response was given through the open link or imported without a course; it is counted by the date it was given.",
            "%(count)s responses were given through the open link or imported without a course; they are counted by the date they were given.",
            self._plural(untied),
        ) % {"count": self.cells.in_text(untied)}

    def _pooled(self, counts: dict) -> Counter:
        pooled = Counter()
        for (_m, value), n in counts.items():
            pooled[value] += n
        return pooled
