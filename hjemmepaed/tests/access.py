"""The access matrix: every protected view, which roles may open it, and how to reach it.

Each app lists its views in `<app>/tests/access_cases.py` as `CASES`. The matrix test runs
every role against every case, and `test_every_protected_view_has_an_access_case` fails when a
view has no case, so the matrix grows with every view that ships.

Objects come in four kinds of ownership (`which`):
- "own": the world's municipality, on a course of the world's home educator;
- "colleague": the world's municipality, on a course of another home educator;
- "second": the world's municipality, a colleague's course with the world's educator as second;
- "other": another municipality.
"colleague" and "second" apply to views on something a course owns (`educator_bound=True`):
a home educator sees her own and her second courses, not a colleague's; a coordinator and a
manager see all of their municipality.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from hjemmepaed.organisation.models import Role

ALL_ROLES = tuple(Role.values)
CROSS_MUNICIPAL_ROLES = (Role.ANALYST, Role.ADMINISTRATOR)


@dataclass
class World:
    """Two municipalities, one user of every role, and objects of every kind in both."""

    own: object
    other: object
    users: dict
    # A second home educator of the own municipality: owner of the "colleague" objects.
    colleague: object = None
    objects: dict = field(default_factory=dict)

    def obj(self, kind: str, which: str):
        return self.objects[kind][which]


@dataclass(frozen=True)
class AccessCase:
    url_name: str
    roles: tuple
    # Builds the URL; `which` is "own" or "other": whose municipality the object belongs to.
    url: Callable[[World, str], str]
    # True when the URL names an object of one municipality (a detail or edit page).
    scoped: bool = False
    # What a cross-municipal role that may open the page gets for an object anywhere.
    cross_municipal_status: int = 200
    # Roles that get another answer than 200, e.g. a redirect to their own start page.
    role_status: dict = field(default_factory=dict)
    # For a scoped view a home educator may open: does the object belong to a course, so that
    # only the course's educators reach it? Such a case must say so (True or False).
    educator_bound: bool | None = None

    def whiches(self) -> tuple[str, ...]:
        if not self.scoped:
            return ("own",)
        if self.educator_bound:
            return ("own", "colleague", "second", "other")
        return ("own", "other")

    def expected(self, role: str, which: str) -> int:
        if role in self.role_status:
            return self.role_status[role]
        if role not in self.roles:
            return 403
        if not self.scoped:
            return 200
        if role in CROSS_MUNICIPAL_ROLES:
            return self.cross_municipal_status
        if which == "other":
            return 404
        if which == "colleague" and role == Role.HOME_EDUCATOR:
            return 404
        return 200
