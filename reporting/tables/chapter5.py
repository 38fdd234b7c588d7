"""The national evaluation's chapter 5: visits per course, hours per visit, course length and
cost (Tabel 5.1-5.4)."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting.disclosure import Layout
from reporting.selectors import TOTAL
from reporting.tables.base import TablesBase, stats_layout
from reporting.tables.cells import _days, _section


def _length_of(figures: dict) -> dict:
    """The courses' length (mean, min, max, n) out of `course_figures`' figures."""
    return {key: {name: row[f"length_{name}"] for name in ("mean", "min", "max", "n")} for key, row in figures.items()}


class Chapter5(TablesBase):
    def visits_and_length(self) -> list:
        figures = self.figures
        course_count = self.size[TOTAL]["n"]

        def visit_cells(m):
            return self._stat_cells(figures.get(m), "dec1", prefix="visits_", min_fmt="int")

        def per_visit_cells(m):
            return self._stat_cells(figures.get(m), "dec2", prefix="hpv_")

        length = _length_of(self.figures)
        columns = [_("Municipality"), _("Mean"), _("Min."), _("Max."), "N"]
        no_count = course_count - (figures[TOTAL]["visits_n"] or 0)
        no_hours = course_count - (figures[TOTAL]["hpv_n"] or 0)
        running = course_count - length[TOTAL]["n"]
        sections = [
            _section(
                "tabel-5-1",
                "Tabel 5.1",
                _("Visits and contacts per course"),
                columns,
                self._rows(visit_cells),
                notes=[
                    _("Held visits and contacts between the family and the home educator, booster visits included."),
                    self._excluded_note(
                        no_count,
                        ngettext(
                            "%(count)s course is not counted, as it was imported without a number of visits.",
                            "%(count)s courses are not counted, as they were imported without a number of visits.",
                            self._plural(no_count),
                        ),
                        key="tabel-5-1:excluded",
                        plus=(course_count,),
                        minus=(("tabel-5-1", "total", 3),),
                    ),
                ],
                part="5",
                layout=stats_layout(),
            ),
            _section(
                "tabel-5-2",
                "Tabel 5.2",
                _("Hours per visit"),
                columns,
                self._rows(per_visit_cells),
                notes=[
                    _(
                        "Each course's visit hours divided by its visits; then mean, minimum and maximum over the courses."
                    ),
                    self._excluded_note(
                        no_hours,
                        ngettext(
                            "%(count)s course is not counted, as it has no held visits or no recorded visit hours.",
                            "%(count)s courses are not counted, as they have no held visits or no recorded visit hours.",
                            self._plural(no_hours),
                        ),
                        key="tabel-5-2:excluded",
                        plus=(course_count,),
                        minus=(("tabel-5-2", "total", 3),),
                    ),
                ],
                part="5",
                layout=stats_layout(),
            ),
            _section(
                "tabel-5-3",
                "Tabel 5.3",
                _("Length of the courses in days"),
                columns,
                self._rows(lambda m: self._stat_cells(length.get(m), "dec1", convert=_days, min_fmt="int")),
                notes=[
                    _("Days from the start date to the end date."),
                    self._excluded_note(
                        running,
                        ngettext(
                            "%(count)s course is not counted, as it is not closed yet.",
                            "%(count)s courses are not counted, as they are not closed yet.",
                            self._plural(running),
                        ),
                        key="tabel-5-3:excluded",
                        plus=(course_count,),
                        minus=(("tabel-5-3", "total", 3),),
                    ),
                ],
                part="5",
                layout=stats_layout(),
            ),
            self.cost(figures),
        ]
        return sections

    def cost(self, figures: dict) -> dict:
        rates = {m.pk: m.visit_hourly_rate for m in self.municipalities}
        missing_rate = [m.name for m in self.municipalities if m.visit_hourly_rate is None]
        empty = {"person_minutes_sum": None, "minutes_n": 0, "paired_visits_sum": None}

        def cost_of(m):
            # Educator hours: a visit by two home educators counts once per educator.
            row = figures.get(m, empty)
            hours = Decimal(row["person_minutes_sum"] or 0) / 60
            return hours, row["minutes_n"] or 0

        def paired(m):
            return (figures.get(m, empty)["paired_visits_sum"]) or 0

        def cells(m):
            if m is TOTAL:
                hours = sum((cost_of(x)[0] for x in rates), Decimal(0))
                n = sum(cost_of(x)[1] for x in rates)
                total_cost = None if missing_rate else sum((cost_of(x)[0] * rates[x] for x in rates), Decimal(0))
                rate = None
            else:
                hours, n = cost_of(m)
                rate = rates[m]
                total_cost = hours * rate if rate is not None else None
            per_course = total_cost / n if total_cost is not None and n else None
            # The sums are hidden with the courses they sum over: hours in all over N is the hours per course.
            return [
                self.cells.amount(paired(m), "int", n=n),
                self.cells.amount(hours, "dec1", n=n),
                self.cells.stat(hours / n if n else None, "dec1", n=n),
                self.cells.plain(rate, "kr"),
                self.cells.stat(per_course, "kr", n=n),
                self.cells.amount(total_cost, "kr", n=n),
                self.cells.count(n),
            ]

        return _section(
            "tabel-5-4",
            "Tabel 5.4",
            _("Visit hours and cost"),
            [
                _("Municipality"),
                _("Visits by two educators"),
                _("Educator hours in all"),
                _("Educator hours per course"),
                _("Hourly rate"),
                _("Cost per course"),
                _("Cost in all"),
                "N",
            ],
            self._rows(cells),
            notes=[
                _(
                    "Cost is visit hours times the hourly rate the municipality has set; other time (transport, preparation, coordination) is not included."
                ),
                _(
                    "A visit's hours count once per home educator present: a visit by two educators counts twice. An imported course's hours count once, as the sheet does not say who took part."
                ),
                _("No hourly rate set: %(names)s.") % {"names": ", ".join(missing_rate)} if missing_rate else "",
            ],
            part="5",
            # A row whose N is hidden is hidden whole (the hourly rate is the municipality's, no
            # person's), so the hours' and the cost's columns hide the same rows as the N's. The
            # cost in all weighs the hidden rows' hours by their rates: hidden when these differ.
            layout=Layout(down=(6,), row_n=6, groups={6: "courses"}, weight=3, weighted=(4, 5)),
        )
