"""The national evaluation's chapter 3: courses per year, days from the intake decision to the
start, recruitment and the home educators (Figur 3.1-3.3, Tabel 3.1-3.2)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hjemmepaed.organisation.models import Anchoring, Profession
from reporting import selectors
from reporting.disclosure import Layout
from reporting.selectors import TOTAL
from reporting.tables.base import STATS_LAYOUT, TablesBase, share_layout
from reporting.tables.cells import _days, _row, _section
from visitation.models import RecruitedBy


class Chapter3(TablesBase):
    def per_year_figures(self) -> list:
        sections = []
        for key, number, title, field, note in (
            (
                "figur-3-1",
                "Figur 3.1",
                _("Courses started per municipality and year"),
                "start_date",
                _("All courses of the municipalities started up to the end of the period, not only the cohort."),
            ),
            (
                "figur-3-2",
                "Figur 3.2",
                _("Courses closed per municipality and year"),
                "end_date",
                _("All courses of the municipalities closed up to the end of the period, not only the cohort."),
            ),
        ):
            counts = selectors.courses_per_year(self.cohort, field=field)
            years = sorted({year for (_m, year) in counts}) or [self.cohort.end.year]

            def make(municipality_id, counts=counts, years=years):
                per_year = [self._sum_over(counts, municipality_id, year) for year in years]
                return [self.cells.count(n) for n in per_year] + [self.cells.count(sum(per_year))]

            sections.append(
                _section(
                    key,
                    number,
                    title,
                    [_("Municipality"), *[str(y) for y in years], _("In all")],
                    self._rows(make),
                    notes=[note],
                    chart={"type": "grouped", "series": list(range(len(years)))},
                    part="3",
                    layout=Layout(across=((tuple(range(len(years))), len(years)),), down=tuple(range(len(years) + 1))),
                )
            )
        return sections

    def visitation_to_start(self) -> dict:
        found = selectors.days_visitation_to_start(self.cohort)
        stats = found.stats
        period = (
            _("All closed courses of the municipalities started from %(start)s up to %(end)s, not only the cohort.")
            % {"start": found.first_start.strftime("%d.%m.%Y"), "end": self.cohort.end.strftime("%d.%m.%Y")}
            if found.first_start
            else ""
        )
        return _section(
            "tabel-3-1",
            "Tabel 3.1",
            _("Days from the intake decision to the start of the course"),
            [_("Municipality"), _("Mean"), _("Min."), _("Max."), "N"],
            self._rows(lambda m: self._stat_cells(stats.get(m), "dec1", convert=_days, min_fmt="int")),
            notes=[
                _("Days from the visitation date to the start date (the start-up meeting)."),
                period,
                self._excluded_note(
                    found.without_end,
                    ngettext(
                        "%(count)s course is not counted, as it lacks an end date (not closed by the end of the period).",
                        "%(count)s courses are not counted, as they lack an end date (not closed by the end of the period).",
                        found.without_end,
                    ),
                ),
                self._excluded_note(
                    found.visitation_after_start,
                    ngettext(
                        "%(count)s course is not counted, as its visitation is registered after the start of the course.",
                        "%(count)s courses are not counted, as their visitation is registered after the start of the course.",
                        found.visitation_after_start,
                    ),
                ),
                self._excluded_note(
                    found.without_visitation,
                    ngettext(
                        "%(count)s course is not counted, as it lacks a visitation date (imported from a registration sheet).",
                        "%(count)s courses are not counted, as they lack a visitation date (imported from a registration sheet).",
                        found.without_visitation,
                    ),
                ),
            ],
            part="3",
            layout=STATS_LAYOUT,
        )

    def recruitment(self) -> dict:
        counts = self.categories["recruiter"]
        missing = sum(n for (_m, value), n in counts.items() if value is None)
        values = [choice.value for choice in RecruitedBy]
        return _section(
            "figur-3-3",
            "Figur 3.3",
            _("Recruitment of families"),
            [_("Municipality"), *[choice.label for choice in RecruitedBy], "N"],
            self._share_rows(counts, values),
            subtitle=_("Share of courses by who recruited the family (per cent)."),
            notes=[
                self._excluded_note(
                    missing,
                    ngettext(
                        "%(count)s course is not counted, as it lacks who recruited the family.",
                        "%(count)s courses are not counted, as they lack who recruited the family.",
                        missing,
                    ),
                )
            ],
            chart={"type": "shares", "series": list(range(len(values)))},
            part="3",
            layout=share_layout(values),
        )

    def educators(self) -> dict:
        by_profession = selectors.educators_by(self.cohort, field="profession")
        by_anchoring = selectors.educators_by(self.cohort, field="anchoring")
        columns = [(m.pk, m.name) for m in self.municipalities]
        if self.several:
            columns.append((TOTAL, _("All municipalities")))

        def row(label, counts, value):
            return _row(label, [self.cells.plain(self._sum_over(counts, m, value), "int") for m, _name in columns])

        rows = [
            _row(
                _("Home educators in all"),
                [
                    self.cells.plain(sum(self._sum_over(by_profession, m, p.value) for p in Profession), "int")
                    for m, _name in columns
                ],
                total=True,
            ),
            *[row(p.label, by_profession, p.value) for p in Profession],
            *[row(_("Anchored: %(anchoring)s") % {"anchoring": a.label}, by_anchoring, a.value) for a in Anchoring],
        ]
        return _section(
            "tabel-3-2",
            "Tabel 3.2",
            _("Organisation of the home educators"),
            ["", *[name for _m, name in columns]],
            rows,
            notes=[_("Home educators who were primary or second educator on at least one course of the cohort.")],
            part="3",
        )
