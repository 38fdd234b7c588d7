"""The target group: the cohort's courses by complexity and § 52 (the model's target group is
families with challenges of low complexity and no § 52 measures, Bilag 2). Which value is
counted, and why, is in `reporting/target_group.py`."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting import target_group
from reporting.disclosure import Layout
from reporting.selectors import TOTAL
from reporting.tables.base import TablesBase
from reporting.tables.cells import _section
from visitation.models import Complexity


class TargetGroup(TablesBase):
    def target_group(self) -> dict:
        counts, revised = target_group.target_group_counts(self.cohort, at_referral=self.categories["target"])

        def total(municipality_id, match) -> int:
            return sum(
                n
                for (m, complexity, section_52), n in counts.items()
                if complexity is not None
                and (municipality_id is TOTAL or m == municipality_id)
                and match(complexity, section_52)
            )

        def make(municipality_id):
            n = total(municipality_id, lambda c, s: True)
            shares = [
                self.cells.share(total(municipality_id, lambda c, s, value=value: c == value), n)
                for value in Complexity.values
            ]
            section_52 = self.cells.share(total(municipality_id, lambda c, s: bool(s)), n)
            return [*shares, section_52, self.cells.count(n)]

        missing = sum(n for (_m, complexity, _s), n in counts.items() if complexity is None)
        return _section(
            "maalgruppe",
            _("Target group"),
            _("Complexity and § 52 measures"),
            [_("Municipality"), *[choice.label for choice in Complexity], _("§ 52 measures decided"), "N"],
            self._rows(make),
            subtitle=_("Share of courses by the complexity of the family's challenges (per cent)."),
            notes=[
                _(
                    "Each course is counted with its complexity and § 52 as revised up to the end of the "
                    "period, otherwise as at the referral."
                ),
                self._excluded_note(
                    revised,
                    ngettext(
                        "%(count)s course is counted with a revised assessment.",
                        "%(count)s courses are counted with a revised assessment.",
                        self._plural(revised),
                    ),
                ),
                self._excluded_note(
                    missing,
                    ngettext(
                        "%(count)s course is not counted, as it has no referral (imported from a registration sheet).",
                        "%(count)s courses are not counted, as they have no referral (imported from a registration sheet).",
                        self._plural(missing),
                    ),
                    key="maalgruppe:missing",
                    plus=(self.size[TOTAL]["n"],),
                    minus=(("maalgruppe", "total", len(Complexity.values) + 1),),
                ),
            ],
            part="3",
            # The complexities' counts add up to N; the § 52 share is a count of its own.
            layout=Layout(
                across=((tuple(range(len(Complexity.values))), len(Complexity.values) + 1),),
                down=tuple(range(len(Complexity.values) + 2)),
                row_n=len(Complexity.values) + 1,
                groups={len(Complexity.values) + 1: "courses"},
            ),
        )
