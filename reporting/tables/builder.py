"""The whole report: its sections in order, with the cohort it covers."""

from django.utils import timezone
from django.utils.translation import gettext as _

from hjemmepaed.variants.selectors import variants_for_period_many
from reporting import disclosure, disclosure_cycles, disclosure_notes, selectors
from reporting.models import CohortKind
from reporting.selectors import TOTAL, Cohort
from reporting.tables.chapter3 import Chapter3
from reporting.tables.chapter4 import Chapter4
from reporting.tables.chapter5 import Chapter5
from reporting.tables.ishoej import IshoejQuestionnaire
from reporting.tables.local_items import LocalItems
from reporting.tables.response_rate import ResponseRate
from reporting.tables.sdq import SdqTables
from reporting.tables.target_group import TargetGroup
from surveys.models import ISHOEJ, NATIONAL


class ReportBuilder(
    Chapter3, TargetGroup, Chapter4, ResponseRate, Chapter5, LocalItems, IshoejQuestionnaire, SdqTables
):
    """Every section of the report for one cohort, in the order of the evaluations."""

    def build(self) -> dict:
        cohort = self.cohort
        if cohort.kind == CohortKind.CLOSED_IN_YEAR:
            label = _("Courses closed in %(year)s") % {"year": cohort.start.year}
        else:
            label = _("Courses started from %(start)s to %(end)s") % {
                "start": cohort.start.strftime("%d.%m.%Y"),
                "end": cohort.end.strftime("%d.%m.%Y"),
            }
        answers = selectors.answer_counts(cohort, keys=(NATIONAL, ISHOEJ))
        responses = selectors.response_counts(cohort)
        sections = [
            *self.per_year_figures(),
            self.visitation_to_start(),
            self.recruitment(),
            self.target_group(),
            self.educators(),
            *self.educator_assessment(),
            *self.national_questionnaire(answers, responses),
            self.response_rate(responses),
            *self.visits_and_length(),
            *self.local_items(),
            *self.ishoej_questionnaire(answers, responses),
            *self.sdq_tables(),
        ]
        if self.suppress:
            # The report as a whole: the same group hidden in every table, the notes' "<5" kept.
            # The front page shows the cohort's courses: the tables' cells with that number are known.
            group = "total" if self.several else self.municipalities[0].pk if self.municipalities else None
            known = frozenset({("courses", group, self.size[TOTAL]["n"])})
            notes = [*self.note_counts, *self._per_municipality(sections)]
            written_hidden = disclosure.protect_report(sections, notes, known=known)
            # Rule 10: no cycle of Figur 3.1-3.2's sums pins a hidden year; each cell it hides
            # may leave another table's sum unsafe, so the other rules run again.
            while disclosure_cycles.protect_cycles(sections):
                written_hidden = disclosure.protect_report(sections, notes, known=known)
            self._hide_note_counts(sections, written_hidden)
            self._leave_note_counts_out(sections, disclosure_notes.notes_left_uncounted(sections, self.note_counts))
        for section in sections:
            section.pop("layout")
            disclosure.strip(section["rows"])
        return {
            "title": _("Evaluation of the home-based pedagogical courses"),
            "cohort": {
                "kind": cohort.kind,
                "label": label,
                "start": cohort.start.isoformat(),
                "end": cohort.end.isoformat(),
                "courses": self.size[TOTAL]["n"],
            },
            "municipalities": [{"id": m.pk, "name": m.name, "code": m.code} for m in self.municipalities],
            # The version(s) of each municipality's model in force in the period (issue 14).
            "model_versions": model_versions(self.municipalities, start=cohort.start, end=cohort.end),
            "suppress_small_cells": self.suppress,
            "generated_at": timezone.localtime().isoformat(timespec="seconds"),
            "sections": sections,
        }

    def _hide_note_counts(self, sections: list, keys: set[str]) -> None:
        """The notes whose count would pin a hidden cell, written with "<5" (rule 7)."""
        for note in self.note_counts:
            if note.key not in keys:
                continue
            for section in sections:
                if section["key"] == note.key.split(":")[0]:
                    section["notes"] = [note.hidden_text if text == note.text else text for text in section["notes"]]

    def _leave_note_counts_out(self, sections: list, keys: set[str]) -> None:
        """The notes whose "<5" would narrow a hidden cell, written with no count (rule 11)."""
        for note in self.note_counts:
            if note.key in keys:
                for section in sections:
                    if section["key"] == note.key.split(":")[0]:
                        texts = (note.text, note.hidden_text)
                        uncounted = self.uncounted_texts[note.key]
                        section["notes"] = [uncounted if text in texts else text for text in section["notes"]]

    def _per_municipality(self, sections: list) -> list:
        """A note's relation per municipality (rule 7): the municipality's courses left out of a
        table are its cohort's courses minus its N (or Figur 3.1's minus Figur 3.2's), a small
        number when both are shown, and no note needs to state it."""
        if not self.several:
            return []
        by_key = {section["key"]: section for section in sections}
        found = []
        for note in self.note_counts:
            for index, (municipality_id, _label) in enumerate(self.row_keys):
                if municipality_id is TOTAL:
                    continue

                def per_row(terms, index=index, municipality_id=municipality_id):
                    return tuple(
                        self.size.get(municipality_id, {"n": 0})["n"]
                        if isinstance(term, int)
                        else (*term[:1], index, term[2])
                        for term in terms
                    )

                plus, minus = per_row(note.plus), per_row(note.minus)
                cells = [
                    disclosure.resolve(by_key, ref) if not isinstance(ref, int) else ref for ref in (*plus, *minus)
                ]
                if any(cell is None for cell in cells):
                    continue
                values = [cell if isinstance(cell, int) else cell.get("count") or 0 for cell in cells]
                count = sum(values[: len(plus)]) - sum(values[len(plus) :])
                found.append(
                    disclosure.NoteCount(
                        key=f"{note.key}:{municipality_id}",
                        count=count,
                        plus=plus,
                        minus=minus,
                        hide_plus_first=note.hide_plus_first,
                    )
                )
        return found


def model_versions(municipalities, *, start, end) -> list[dict]:
    """Each municipality's version(s) of its model in the period, as plain data: what the figures
    were made under, and whether it deviates from the national model (one query)."""
    found = variants_for_period_many(municipalities=municipalities, start=start, end=end)
    return [
        {
            "municipality": municipality.name,
            "valid_from": None if version.pk is None else version.valid_from.isoformat(),
            "preset": version.preset,
            "label": version.get_preset_display() if version.pk is not None else _("The national model"),
            "offer_name": version.offer_name,
            "visitation": version.visitation,
            "min_age_months": version.min_age_months,
            "max_age_months": version.max_age_months,
            "max_weeks": version.max_weeks,
            "visit_cap": version.visit_cap,
            "deviates_from_national": version.deviates_from_national,
            "deviation_reason": version.deviation_reason,
        }
        for municipality, versions in found.items()
        for version in versions
    ]


def report_compute(*, cohort: Cohort, suppress: bool) -> dict:
    """Every table and figure of the report for `cohort`, as plain data, its queries in one
    transaction without JIT compilation (`selectors.report_reads`)."""
    with selectors.report_reads():
        return ReportBuilder(cohort=cohort, suppress=suppress).build()
