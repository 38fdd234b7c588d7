"""The national evaluation's chapter 4: the home educators' and the parents' assessments
(Figur 4.1-4.5, Tabel 4.1-4.2)."""

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import Agreement, Closure
from families.models import Guardian
from reporting.disclosure import Layout
from reporting.selectors import TOTAL
from reporting.tables.base import TablesBase, share_layout, stats_layout
from reporting.tables.cells import AGREEMENTS, _section
from surveys.models import NATIONAL


class Chapter4(TablesBase):
    def educator_assessment(self) -> list:
        sections = []
        for key, number, title, field in (
            (
                "figur-4-1",
                "Figur 4.1",
                _("The home educators' assessment of goal attainment"),
                "closure__goals_reached_answer",
            ),
            (
                "figur-4-1-b",
                "Figur 4.1 b",
                _("The home educators' assessment of the child's development"),
                "closure__child_developed_answer",
            ),
        ):
            counts = self.categories[
                {"closure__goals_reached_answer": "goals", "closure__child_developed_answer": "child"}[field]
            ]
            # No closure: not closed yet. A closure with an empty answer: imported from a sheet
            # without the educator's assessment, "not answered".
            missing = sum(n for (_m, value), n in counts.items() if value is None)
            not_answered = sum(n for (_m, value), n in counts.items() if value == "")
            # The cohort's courses minus the table's N are the two notes' courses together.
            relation = {"plus": (self.size[TOTAL]["n"],), "minus": ((key, "total", len(AGREEMENTS) + 1),)}
            sections.append(
                _section(
                    key,
                    number,
                    title,
                    [_("Municipality"), *[a.label for a in Agreement], _("Agree in all"), "N"],
                    self._share_rows(counts, AGREEMENTS, agreeing=True),
                    subtitle=_("Share of courses per answer (per cent)."),
                    notes=[
                        self._closure_question(field),
                        self._excluded_note(
                            missing,
                            ngettext(
                                "%(count)s course is not counted, as it has no closure assessment (not closed yet).",
                                "%(count)s courses are not counted, as they have no closure assessment (not closed yet).",
                                self._plural(missing),
                            ),
                            key=f"{key}:missing",
                            **relation,
                        ),
                        self._excluded_note(
                            not_answered,
                            ngettext(
                                "%(count)s closed course is not counted, as the home educator's assessment is "
                                "not answered (imported from a registration sheet).",
                                "%(count)s closed courses are not counted, as the home educator's assessment is "
                                "not answered (imported from a registration sheet).",
                                self._plural(not_answered),
                            ),
                            key=f"{key}:not-answered",
                            **relation,
                        ),
                    ],
                    chart={"type": "shares", "series": list(range(len(AGREEMENTS)))},
                    part="4",
                    layout=share_layout(AGREEMENTS, agreeing=True),
                )
            )
        return sections

    @staticmethod
    def _closure_question(field: str) -> str:
        name = field.split("__")[1]
        return "“%s”" % Closure._meta.get_field(name).verbose_name

    def national_questionnaire(self, answers: dict, responses: dict) -> list:
        rating = self._answers_of(answers, NATIONAL, "9")

        def rating_cells(municipality_id):
            values = Counter()
            for (m, value), n in rating.items():
                if municipality_id is TOTAL or m == municipality_id:
                    values[value] += n
            n = sum(values.values())
            mean = sum(v * c for v, c in values.items()) / n if n else None
            return [
                self.cells.stat(mean, "dec2", n=n),
                self.cells.stat(min(values) if n else None, "int", n=n),
                self.cells.stat(max(values) if n else None, "int", n=n),
                self.cells.count(n),
            ]

        untied = self._untied_note(responses, NATIONAL)
        sections = [
            _section(
                "tabel-4-1",
                "Tabel 4.1",
                _("The parents' overall rating of the course (1–10)"),
                [_("Municipality"), _("Mean"), _("Min."), _("Max."), "N"],
                self._rows(rating_cells),
                notes=[f"“{self._question_text(NATIONAL, '9')}”", untied],
                part="4",
                layout=stats_layout("responses"),
            )
        ]

        who = self._answers_of(answers, NATIONAL, "1")
        alone = self._answers_of(answers, NATIONAL, "2")
        relations = [r.value for r in (Guardian.Relation.MOTHER, Guardian.Relation.FATHER, Guardian.Relation.OTHER)]

        def who_cells(municipality_id):
            per = [self._sum_over(who, municipality_id, value) for value in relations]
            n = sum(per)
            yes = self._sum_over(alone, municipality_id, "yes")
            answered = yes + self._sum_over(alone, municipality_id, "no")
            return [self.cells.share(p, n) for p in per] + [self.cells.share(yes, answered), self.cells.count(n)]

        sections.append(
            _section(
                "tabel-4-2",
                "Tabel 4.2",
                _("Who answered the parent questionnaire"),
                [_("Municipality"), _("Mother"), _("Father"), _("Other"), _("Lives alone with the children"), "N"],
                self._rows(who_cells),
                subtitle=_("Share of responses (per cent)."),
                notes=[untied],
                part="4",
                # "Lives alone" is a share of those who answered it, a number no table shows.
                layout=Layout(across=(((0, 1, 2), 4),), down=(0, 1, 2, 4), row_n=4, groups={4: "responses"}),
            )
        )
        for key, number, title, question, per_child, extra in (
            (
                "figur-4-2",
                "Figur 4.2",
                _("The parents' assessment of a strengthened relation between parent and child"),
                "6",
                True,
                "",
            ),
            ("figur-4-3", "Figur 4.3", _("The parents' assessment of better frames in the family"), "7", False, ""),
            ("figur-4-4", "Figur 4.4", _("The parents' assessment of the child's development"), "5", True, ""),
            (
                "figur-4-5",
                "Figur 4.5",
                _("The parents' assessment of an improved cooperation with the daycare"),
                "8",
                True,
                _("Only asked about children who attended a daycare."),
            ),
        ):
            counts = self._answers_of(answers, NATIONAL, question)
            sections.append(
                _section(
                    key,
                    number,
                    title,
                    [_("Municipality"), *[a.label for a in Agreement], _("Agree in all"), "N"],
                    self._share_rows(counts, AGREEMENTS, agreeing=True),
                    subtitle=_("Share per answer (per cent). N is the number of children.")
                    if per_child
                    else _("Share per answer (per cent). N is the number of responses."),
                    notes=[f"“{self._question_text(NATIONAL, question)}”", extra, untied],
                    chart={"type": "shares", "series": list(range(len(AGREEMENTS)))},
                    part="4",
                    layout=share_layout(AGREEMENTS, agreeing=True, unit="responses"),
                )
            )
        return sections
