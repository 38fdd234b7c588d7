"""The municipalities' own additions to the national lists (issue 14): each local method and
risk factor, marked local, with the cohort's courses that used it. Not a table of the
evaluations: the national items stay in their own tables; this shows what a municipality added."""

from django.utils.translation import gettext as _

from reporting import selectors
from reporting.tables.base import TablesBase
from reporting.tables.cells import _row, _section


class LocalItems(TablesBase):
    def local_items(self) -> list:
        items = selectors.local_item_counts(self.cohort)
        several = len(self.municipalities) > 1
        rows = []
        for kind, marked in (
            ("methods", _("%(name)s (local method)")),
            ("risk_factors", _("%(name)s (local risk factor)")),
        ):
            for item, n in items[kind]:
                name = f"{item.municipality.name}: {item.label}" if several else item.label
                rows.append(_row(marked % {"name": name}, [self.cells.count(n)]))
        if not rows:
            return []
        return [
            _section(
                "lokale-punkter",
                _("Local items"),
                _("The municipalities' own methods and risk factors"),
                [_("Item"), _("Courses")],
                rows,
                notes=[
                    _(
                        "Added by the municipality to the national lists, which stay as they are. A method counts "
                        "the courses with a visit that used it; a risk factor the courses whose referral ticked it."
                    )
                ],
                part="local",
            )
        ]
