"""The phase table: every allowed move passes, every other move is refused in Danish."""

import itertools

import pytest

from courses.models import Phase
from courses.workflow import ALLOWED_MOVES, move_check
from hjemmepaed.errors import DomainError

ALL_PAIRS = list(itertools.product(Phase.values, Phase.values))


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
def test_move_is_allowed_exactly_when_the_table_says_so(current, target):
    if target in ALLOWED_MOVES[current]:
        move_check(current=current, target=target)
    else:
        with pytest.raises(DomainError) as error:
            move_check(current=current, target=target)
        assert "Faserne følger kun modellens rækkefølge" in str(error.value)


def test_the_model_order():
    assert ALLOWED_MOVES[Phase.REFERRED] >= {Phase.DECIDED, Phase.WAITING, Phase.REJECTED}
    assert ALLOWED_MOVES[Phase.DECIDED] >= {Phase.STARTED}
    assert ALLOWED_MOVES[Phase.STARTED] == {Phase.CLOSED}
    for terminal in (Phase.CLOSED, Phase.REJECTED, Phase.WITHDRAWN):
        assert ALLOWED_MOVES[terminal] == frozenset()


def test_refusal_names_both_phases():
    with pytest.raises(DomainError) as error:
        move_check(current=Phase.CLOSED, target=Phase.STARTED)
    assert str(error.value).startswith("Et forløb kan ikke gå fra “Afsluttet” til “I gang”.")
