"""The Ishøj evaluation's questionnaire tables (Ishøj tabel 1 and 6-10)."""

from django.utils.translation import gettext as _

from reporting.disclosure import Layout
from reporting.selectors import TOTAL
from reporting.tables.base import TablesBase
from reporting.tables.cells import _row, _section
from surveys.models import ISHOEJ


class IshoejQuestionnaire(TablesBase):
    def ishoej_questionnaire(self, answers: dict, responses: dict) -> list:
        n = self._responses_of(responses, ISHOEJ, TOTAL)
        untied = self._untied_note(responses, ISHOEJ)
        pooled_note = _("All municipalities of the report together. N = %(count)s responses.") % {
            "count": self.cells.in_text(n)
        }
        yes_no_columns = ["", _("Yes"), _("No"), _("Not answered")]

        def yes_no(key, number, question, title):
            counts = self._pooled(self._answers_of(answers, ISHOEJ, question))
            yes, no = counts["yes"], counts["no"]
            return _section(
                key,
                number,
                title,
                yes_no_columns,
                [
                    _row(
                        self._question_text(ISHOEJ, question),
                        [
                            self.cells.count(yes, total=n),
                            self.cells.count(no, total=n),
                            self.cells.count(n - yes - no, total=n),
                        ],
                    )
                ],
                notes=[pooled_note, untied],
                part="ishoej",
                layout=Layout(fixed_across=True),
            )

        before = self._pooled(self._answers_of(answers, ISHOEJ, "4"))
        after = self._pooled(self._answers_of(answers, ISHOEJ, "5"))
        bands = [
            (_("Takes up very little or nothing (1-2)"), 1, 2),
            (_("Takes up a little (3-4)"), 3, 4),
            (_("Takes up some (5-6)"), 5, 6),
            (_("Takes up a lot (7-8)"), 7, 8),
            (_("Takes up very much or overshadows daily life (9-10)"), 9, 10),
        ]
        rows = [
            _row(
                label,
                [
                    self.cells.count(sum(c for v, c in before.items() if low <= v <= high), total=n),
                    self.cells.count(sum(c for v, c in after.items() if low <= v <= high), total=n),
                ],
            )
            for label, low, high in bands
        ]
        rows.append(
            _row(
                _("Not answered"),
                [
                    self.cells.count(n - sum(before.values()), total=n),
                    self.cells.count(n - sum(after.values()), total=n),
                ],
            )
        )
        change = self._pooled(self._answers_of(answers, ISHOEJ, "6"))
        labels = self._choice_labels(ISHOEJ, "6")
        change_rows = [_row(label, [self.cells.count(change[value], total=n)]) for value, label in labels.items()]
        change_rows.append(_row(_("Not answered"), [self.cells.count(n - sum(change.values()), total=n)]))
        return [
            yes_no("ishoej-1", _("Ishøj table 1"), "1", _("The child's well-being has improved")),
            _section(
                "ishoej-6",
                _("Ishøj table 6"),
                _("How much the topic of the course fills daily life, before and after"),
                ["", _("Before the course"), _("After the course")],
                rows,
                notes=[
                    f"“{self._question_text(ISHOEJ, '4')}” / “{self._question_text(ISHOEJ, '5')}”",
                    pooled_note,
                    untied,
                ],
                part="ishoej",
                layout=Layout(fixed_down=(0, 1)),
            ),
            _section(
                "ishoej-7",
                _("Ishøj table 7"),
                _("Does the topic fill less, the same or more after the course?"),
                ["", _("After the course")],
                change_rows,
                notes=[pooled_note, untied],
                part="ishoej",
                layout=Layout(fixed_down=(0,)),
            ),
            yes_no("ishoej-8", _("Ishøj table 8"), "7", _("Inspiration to do something differently")),
            yes_no("ishoej-9", _("Ishøj table 9"), "8", _("More options when something is hard")),
            yes_no("ishoej-10", _("Ishøj table 10"), "9", _("More options for a positive interaction")),
        ]
