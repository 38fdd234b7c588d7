"""Every Celery task of the project, run twice on data full of personal details: what each app
declares in `<app>/tests/task_cases.py` (`CASES`). `hjemmepaed/tests/test_celery.py` fails on a
registered task without a case."""

from collections.abc import Callable
from dataclasses import dataclass, field

# Names, addresses and numbers the test data is made of: none may come back in a task's result.
PERSONAL = ["Sara Nielsen", "Alma Nielsen", "sara@example.dk", "20304050", "Camilla Pedersen"]


@dataclass(frozen=True)
class TaskRun:
    args: tuple
    # A snapshot of everything the task changes (rows, sent e-mails): equal after a second run.
    state: Callable[[], object]
    personal: list = field(default_factory=lambda: list(PERSONAL))


@dataclass(frozen=True)
class TaskCase:
    name: str
    # Builds the data (a pytest `monkeypatch` given for what is beside the point) and says how to run.
    setup: Callable[..., TaskRun]
