"""Finding a course: by a parent's or a child's name (part of it, any case), by a child's CPR
number (exact, through the lookup hash) or by the course number, among the courses the user may
see (`course_list_visible_to`: a coordinator her municipality's, a home educator her own).

What was typed is read once, here (`course_search_parse`), into a `CourseSearch` that holds no
CPR number: only its lookup hash. That is what the search page keeps in the session between its
pages, and `criterion` is what its audit event says; so neither the session nor the audit log
ever holds the number. A name is kept as typed: the audit log is meant to answer "who looked
for this family", and a name searched for has no digits (such a text is refused), so no CPR
number can hide in it.
"""

import re
from dataclasses import asdict, dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from courses.models import Course
from courses.selectors import course_list_visible_to
from families.models import Child, Guardian
from hjemmepaed.cpr import cpr_lookup_hash, cpr_normalise
from hjemmepaed.errors import DomainError
from hjemmepaed.organisation.models import User
from hjemmepaed.search import CaseFolded, case_folded

NAME = "name"
CPR = "cpr"
NUMBER = "number"

NAME_MIN_LENGTH = 2
# Digits alone, up to this many, are a course number; more digits (or a hyphen) a CPR number.
NUMBER_MAX_DIGITS = 8

_DIGITS_AND_DASHES = re.compile(r"^[\d\s-]+$")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class CourseSearch:
    kind: str  # NAME, CPR or NUMBER
    value: str  # the name as typed, the CPR number's lookup hash, or the course number

    @property
    def criterion(self) -> str:
        """The search as its audit event records it: never a CPR number."""
        if self.kind == CPR:
            return _("Search for a child's CPR number (exact).")
        if self.kind == NUMBER:
            return _("Search for course number %(number)s.") % {"number": self.value}
        return _("Search for a name containing “%(name)s”.") % {"name": self.value}

    @property
    def shown_text(self) -> str:
        """What the search field shows again on the results' pages: not the CPR number."""
        return "" if self.kind == CPR else self.value

    def as_session(self) -> dict:
        return asdict(self)

    @classmethod
    def from_session(cls, data) -> "CourseSearch | None":
        if not isinstance(data, dict) or data.get("kind") not in (NAME, CPR, NUMBER):
            return None
        return cls(kind=data["kind"], value=str(data.get("value", "")))


def course_search_parse(text: str, *, field: str = "text") -> CourseSearch:
    """What the user typed as a search, or a Danish DomainError saying how to type it."""
    text = " ".join((text or "").split())
    if not text:
        raise DomainError(_("Write a name, a CPR number or a course number."), field=field)
    if _DIGITS_AND_DASHES.match(text):
        digits = text.replace(" ", "")
        if digits.isdigit() and len(digits) <= NUMBER_MAX_DIGITS:
            return CourseSearch(kind=NUMBER, value=str(int(digits)))
        return CourseSearch(kind=CPR, value=cpr_lookup_hash(cpr_normalise(digits, field=field)))
    if _DIGIT.search(text):
        raise DomainError(
            _(
                "A name has no digits. Search for a CPR number (ddmmyy-xxxx) or a course number "
                "on its own, or for the name without digits."
            ),
            field=field,
        )
    if len(text) < NAME_MIN_LENGTH:
        raise DomainError(_("Write at least %(count)s letters of the name.") % {"count": NAME_MIN_LENGTH}, field=field)
    return CourseSearch(kind=NAME, value=text)


def course_search(*, user: User, search: CourseSearch) -> QuerySet[Course]:
    """The courses `user` may see that match, newest first, one row per course (the family's
    parents and children are matched in subqueries, so a family with two matching names is one
    row). Anonymised families are found by course number only: they have no names left.
    Any case, æ, ø and å too, on PostgreSQL and on SQLite, the embedded default
    (`hjemmepaed.search.CaseFolded`)."""
    courses = course_list_visible_to(user=user)
    if search.kind == NUMBER:
        courses = courses.filter(pk=int(search.value))
    elif search.kind == CPR:
        courses = courses.filter(Exists(Child.objects.filter(family_id=OuterRef("family_id"), cpr_hash=search.value)))
    else:
        folded = case_folded(search.value)
        guardian = Guardian.objects.alias(folded=CaseFolded("name")).filter(
            family_id=OuterRef("family_id"), folded__contains=folded
        )
        child = Child.objects.alias(folded=CaseFolded("name")).filter(
            family_id=OuterRef("family_id"), folded__contains=folded
        )
        courses = courses.filter(Q(Exists(guardian)) | Q(Exists(child)), family__anonymised_at__isnull=True)
    return courses.order_by("-created_at", "-pk")
