"""The Ishøj evaluation's SDQ tables: bands at the start and end, and the change per child
(Ishøj tabel 2-5)."""

from collections import Counter, defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting import selectors
from reporting.disclosure import Layout
from reporting.tables.base import TablesBase
from reporting.tables.cells import _row, _section
from sdq import scoring
from sdq.models import Informant, Scale, Timing
from sdq.selectors import NO_NORM, NO_SCORE, band_counts, band_label, child_changes, norm_sets_for_municipalities


class SdqTables(TablesBase):
    def sdq_tables(self) -> list:
        measurements = selectors.cohort_measurements(self.cohort)
        counts: dict = defaultdict(Counter)
        # Each municipality's measurements banded by its own norm set: one pass per set in use.
        by_set = defaultdict(list)
        chosen = norm_sets_for_municipalities(municipality_ids=[m.pk for m in self.municipalities])
        for municipality_id, norm_set in chosen.items():
            by_set[norm_set.pk if norm_set else None].append((municipality_id, norm_set))
        for members in by_set.values():
            norm_set = members[0][1]
            ids = [municipality_id for municipality_id, _set in members]
            for key, counter in band_counts(
                measurements=measurements.filter(course__municipality_id__in=ids), norm_set=norm_set
            ).items():
                counts[key].update(counter)
        # The shares' denominator is every child measured, by either informant, at either time,
        # as the Ishøj evaluation's Tabel 2–3 divide by its 11 children ("2 (18 %)" of 5 staff forms).
        children = measurements.values("course_id", "child_id").distinct().count()
        sections = []
        for informant, number in ((Informant.STAFF, _("Ishøj table 2")), (Informant.PARENT, _("Ishøj table 3"))):
            sections.append(self._sdq_bands(counts, informant, number, children))
        changes = child_changes(measurements=measurements)
        first_child = 1
        for informant, number in ((Informant.STAFF, _("Ishøj table 4")), (Informant.PARENT, _("Ishøj table 5"))):
            section, first_child = self._sdq_changes(changes, informant, number, first_child)
            sections.append(section)
        return sections

    def _sdq_bands(self, counts: dict, informant: str, number: str, children: int) -> dict:
        columns = [
            (Timing.START, scoring.TOTAL),
            (Timing.END, scoring.TOTAL),
            (Timing.START, scoring.IMPACT),
            (Timing.END, scoring.IMPACT),
        ]
        totals = {column: sum(counts.get((column[0], informant, column[1]), Counter()).values()) for column in columns}
        rows = []
        for band in [*scoring.BANDS, NO_NORM, NO_SCORE]:
            values = [counts.get((timing, informant, scale), Counter())[band] for timing, scale in columns]
            if band in (NO_NORM, NO_SCORE) and not any(values):
                continue
            label = {NO_NORM: _("No norm in the chosen norm set"), NO_SCORE: _("No score")}.get(band) or band_label(
                scoring.TOTAL, band
            )
            rows.append(_row(label, [self.cells.count(v, total=children) for v in values]))
        informant_label = Informant(informant).label
        return _section(
            f"ishoej-{number.split()[-1]}",
            number,
            _("SDQ bands at the start and end of the course: %(informant)s") % {"informant": informant_label.lower()},
            ["", _("Total difficulties, start"), _("Total difficulties, end"), _("Impact, start"), _("Impact, end")],
            rows,
            notes=[
                _(
                    "Bands by the norm set each municipality chose. Number of SDQ measurements at start: %(start)s; at the end: %(end)s."
                )
                % {"start": self.cells.in_text(totals[columns[0]]), "end": self.cells.in_text(totals[columns[1]])},
                ngettext(
                    "The shares are of all %(count)s child with an SDQ measurement (by parents or daycare staff, at the start or the end), as the Ishøj evaluation counts them.",
                    "The shares are of all %(count)s children with an SDQ measurement (by parents or daycare staff, at the start or the end), as the Ishøj evaluation counts them.",
                    children,
                )
                % {"count": self.cells.in_text(children)},
            ],
            part="ishoej",
            # Each column adds up to its number of measurements (the note's, or a count over its share).
            layout=Layout(fixed_down=(0, 1, 2, 3)),
        )

    def _sdq_changes(self, changes: list, informant: str, number: str, first_child: int):
        scales = [
            scoring.PROSOCIAL,
            scoring.EMOTIONAL,
            scoring.CONDUCT,
            scoring.HYPERACTIVITY,
            scoring.PEER,
            scoring.TOTAL,
            scoring.IMPACT,
        ]
        per_child: dict = defaultdict(dict)
        for change in changes:
            if change.informant == informant and change.scale in scales:
                per_child[(change.course_id, change.child_id)][change.scale] = change.change
        tally = {scale: Counter() for scale in scales}
        rows = []
        for index, (_key, by_scale) in enumerate(sorted(per_child.items())):
            cells = []
            for scale in scales:
                value = by_scale.get(scale)
                tone = _tone(scale, value)
                if tone:
                    tally[scale][tone] += 1
                cells.append({"value": value, "format": "int", "suppressed": False, "tone": tone})
            if not self.suppress:
                rows.append(_row(_("Child %(number)s") % {"number": first_child + index}, cells))
        for tone, label in (("better", _("Better")), ("same", _("Unchanged")), ("worse", _("Worse"))):
            rows.append(
                _row(
                    _("Children: %(tone)s") % {"tone": label},
                    [{**self.cells.count(tally[scale][tone]), "tone": tone} for scale in scales],
                    total=True,
                )
            )
        notes = [
            _(
                "Change from the start to the end measurement by the same informant: end score minus start score. "
                "Better is lower for difficulties and impact and higher for prosocial behaviour."
            ),
            ngettext(
                "%(count)s child has both measurements.", "%(count)s children have both measurements.", len(per_child)
            )
            % {"count": self.cells.in_text(len(per_child))},
        ]
        if self.suppress:
            notes.append(
                _("One row per child is not shown in a report across municipalities or for the national analyst.")
            )
        section = _section(
            f"ishoej-{number.split()[-1]}",
            number,
            _("Change in SDQ scores per child: %(informant)s") % {"informant": Informant(informant).label.lower()},
            ["", *[scoring_label(scale) for scale in scales]],
            rows,
            notes=notes,
            part="ishoej",
            # Better, unchanged and worse add up to the children measured twice (at most).
            layout=Layout(fixed_down=tuple(range(len(scales)))),
        )
        return section, first_child + len(per_child)


def scoring_label(scale: str) -> str:
    return str(Scale(scale).label)


def _tone(scale: str, change: int | None) -> str | None:
    if change is None:
        return None
    if change == 0:
        return "same"
    better = change > 0 if scale in scoring.LOW_IS_CONCERN else change < 0
    return "better" if better else "worse"
