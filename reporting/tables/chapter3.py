"""The national evaluation's chapter 3: courses per year, days from the intake decision to the
start, recruitment and the home educators (Figur 3.1-3.3, Tabel 3.1-3.2)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hjemmepaed.organisation.models import Anchoring, Profession
from reporting import selectors
from reporting.disclosure import Layout
from reporting.models import CohortKind
from reporting.selectors import TOTAL
from reporting.tables.base import TablesBase, share_layout, stats_layout
from reporting.tables.cells import _days, _row, _section
from visitation.models import RecruitedBy


class Chapter3(TablesBase):
    def per_year_figures(self) -> list:
        sections = []
        self.in_all_column = {}
        per_year = selectors.courses_per_year_both(self.cohort)  # Figur 3.1 and 3.2 from one scan
        # The figure whose years count the cohort's courses (closed in the year, or started).
        cohort_field = "end_date" if self.cohort.kind == CohortKind.CLOSED_IN_YEAR else "start_date"
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
            counts = per_year[field]
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
                    # Every year and "In all" counts a municipality's courses: Figur 3.2's year of a
                    # cohort of closed courses is the cohort's N of the other tables (rule 6), and
                    # Figur 3.1's of a cohort of started ones; the other figure's years are not,
                    # and a year equal to the front page's count is no reason to show it.
                    layout=Layout(
                        across=((tuple(range(len(years))), len(years)),),
                        down=tuple(range(len(years) + 1)),
                        equals={
                            **dict.fromkeys(
                                range(len(years)), ("history", "courses") if field == cohort_field else ("history",)
                            ),
                            len(years): ("history",),
                        },
                    ),
                )
            )
            self.in_all_column[key] = len(years)
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
        started = ("figur-3-1", "total", self.in_all_column.get("figur-3-1", 0))
        closed = ("figur-3-2", "total", self.in_all_column.get("figur-3-2", 0))
        return _section(
            "tabel-3-1",
            "Tabel 3.1",
            _("Days from the intake decision to the start of the course"),
            [_("Municipality"), _("Mean"), _("Min."), _("Max."), "N"],
            self._rows(lambda m: self._stat_cells(stats.get(m), "dec1", convert=_days, min_fmt="int")),
            notes=[
                _("Days from the visitation date to the start date (the start-up meeting)."),
                period,
                # Started minus closed by the period's end (Figur 3.1 and 3.2 in all) is the
                # courses without an end date; closed ones minus Tabel 3.1's N are the other two.
                self._excluded_note(
                    found.without_end,
                    ngettext(
                        "%(count)s course is not counted, as it lacks an end date (not closed by the end of the period).",
                        "%(count)s courses are not counted, as they lack an end date (not closed by the end of the period).",
                        self._plural(found.without_end),
                    ),
                    key="tabel-3-1:without-end",
                    plus=(started,),
                    minus=(closed,),
                    # Figur 3.1's total, whose years hide more: Figur 3.2's cohort year is on the front page.
                    hide_plus_first=True,
                ),
                self._excluded_note(
                    found.visitation_after_start,
                    ngettext(
                        "%(count)s course is not counted, as its visitation is registered after the start of the course.",
                        "%(count)s courses are not counted, as their visitation is registered after the start of the course.",
                        self._plural(found.visitation_after_start),
                    ),
                    key="tabel-3-1:after-start",
                    plus=(closed,),
                    minus=(("tabel-3-1", "total", 3),),
                ),
                self._excluded_note(
                    found.without_visitation,
                    ngettext(
                        "%(count)s course is not counted, as it lacks a visitation date (imported from a registration sheet).",
                        "%(count)s courses are not counted, as they lack a visitation date (imported from a registration sheet).",
                        self._plural(found.without_visitation),
                    ),
                    key="tabel-3-1:without-visitation",
                    plus=(closed,),
                    minus=(("tabel-3-1", "total", 3),),
                ),
            ],
            part="3",
            layout=stats_layout("history"),
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
                        self._plural(missing),
                    ),
                    key="figur-3-3:missing",
                    plus=(self.size[TOTAL]["n"],),
                    minus=(("figur-3-3", "total", len(values)),),
                )
            ],
            chart={"type": "shares", "series": list(range(len(values)))},
            part="3",
            layout=share_layout(values),
        )

    def educators(self) -> dict:
        educators = selectors.educators_by_both(self.cohort)  # both groupings from one query
        by_profession, by_anchoring = educators["profession"], educators["anchoring"]
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
