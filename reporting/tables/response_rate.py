"""The response rate of the parent questionnaire (issue 17): per municipality, how many parents
were invited, how many answered, and the share. The evaluation could only say it got 71 answers
for about 90 closed courses; the product counts both.

"Answered" is the invitations answered, each of which is one response in Tabel 4.1-4.2's N (a
response to an invitation belongs to the invitation's course, so to the same cohort). Their N
can be larger: responses through the open link or imported from a sheet were never invited, and
the note says how many.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting import disclosure_notes, selectors
from reporting.disclosure import Layout
from reporting.selectors import TOTAL
from reporting.tables.base import TablesBase
from reporting.tables.cells import _section
from surveys.models import NATIONAL


class ResponseRate(TablesBase):
    def response_rate(self, responses: dict) -> dict:
        counts = selectors.invitation_counts(self.cohort, key=NATIONAL)

        def figures(municipality_id) -> tuple[int, int]:
            if municipality_id is TOTAL:
                return sum(i for i, _a in counts.values()), sum(a for _i, a in counts.values())
            return counts.get(municipality_id, (0, 0))

        def make(municipality_id):
            invited, answered = figures(municipality_id)
            return [self.cells.count(invited), self.cells.count(answered), self.cells.share(answered, invited)]

        answered = figures(TOTAL)[1]
        not_invited = self._responses_of(responses, NATIONAL, TOTAL) - answered
        note = (
            ngettext(
                "Tabel 4.1–4.2 also count %(count)s response that was not given through an invitation (the open link or an imported sheet).",
                "Tabel 4.1–4.2 also count %(count)s responses that were not given through an invitation (the open link or an imported sheet).",
                self._plural(not_invited),
            )
            % {"count": self._not_invited_count(answered, not_invited)}
            if not_invited > 0
            else ""
        )
        return _section(
            "svarprocent",
            _("Response rate"),
            _("Response rate of the parent questionnaire"),
            [_("Municipality"), _("Invited"), _("Answered"), _("Share answered")],
            self._rows(make),
            subtitle=_(
                "Parents invited to the national questionnaire when the cohort's courses closed, and how many "
                "answered. Invitations cancelled because the parent withdrew the consent are not counted."
            ),
            notes=[note],
            part="4",
            # Invited and answered add up over the municipalities; the share shows the answered
            # again (times the invited), so it hides with them; a hidden invited hides its row.
            layout=Layout(down=(0, 1), row_n=0, twins=((1, 2),), groups={0: "courses", 1: "responses"}),
        )

    def _not_invited_count(self, answered: int, not_invited: int) -> str:
        """The count the note writes: "<5" for 1-4, no count ("nogle") when even 1-4 besides the
        answered invitations would bound every response table (rule 11)."""
        if self.suppress and disclosure_notes.responses_left_uncounted(answered, not_invited):
            return disclosure_notes.some()
        return self.cells.in_text(not_invited)
