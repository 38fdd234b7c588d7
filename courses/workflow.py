"""The phases of a course as a table, and the guard every move goes through.

Pure code: no database writes. `courses/services/phases.py` locks the course row, asks `move_check`
and writes the move and its history row.

    referred ──approve──▶ decided ──start──▶ started ──close──▶ closed
        │  └──waitlist──▶ waiting ──approve──▶ decided
        ├──reject──▶ rejected
        └──withdraw──▶ withdrawn   (also from waiting and decided)
"""

from django.utils.translation import gettext as _

from courses.models import Phase
from hjemmepaed.errors import DomainError

# Every course begins here: at a referral, or at a registration sheet's row (which then walks on).
INITIAL = Phase.REFERRED

ALLOWED_MOVES: dict[str, frozenset[str]] = {
    Phase.REFERRED: frozenset({Phase.DECIDED, Phase.WAITING, Phase.REJECTED, Phase.WITHDRAWN}),
    Phase.WAITING: frozenset({Phase.DECIDED, Phase.WITHDRAWN}),
    Phase.DECIDED: frozenset({Phase.WAITING, Phase.STARTED, Phase.WITHDRAWN}),
    Phase.STARTED: frozenset({Phase.CLOSED}),
    Phase.CLOSED: frozenset(),
    Phase.REJECTED: frozenset(),
    Phase.WITHDRAWN: frozenset(),
}

# Phases in which the referral still awaits or has an intake decision.
UNDECIDED = frozenset({Phase.REFERRED, Phase.WAITING})
OPEN = frozenset({Phase.REFERRED, Phase.WAITING, Phase.DECIDED, Phase.STARTED})


def move_check(*, current: str, target: str) -> None:
    """Raise a Danish DomainError unless the table allows moving from `current` to `target`."""
    if target not in ALLOWED_MOVES.get(current, frozenset()):
        raise DomainError(
            _(
                "A course cannot move from “%(current)s” to “%(target)s”. "
                "Phases only move forward in the order of the model."
            )
            % {"current": Phase(current).label, "target": Phase(target).label},
            code="phase_move",
        )
