"""The order of the run: the longest browser tests first among the transactional ones."""

import pytest

# pytest-django runs the transactional tests (every browser test) after the others, in the
# order of their files, so the longest browser tests (once a minute each in CI: the README tour,
# the walk over every page of a role) came last, and the run waited for them with the other
# workers idle. They are started first among the transactional tests instead; what follows them
# is short. The walk over every page is three tests now (its coordinator's part the longest,
# then the home educator's, then the other roles'), the tour copies the seeded demo in.
SLOWEST_FIRST = (
    "tests/browser/test_content_security_policy.py::test_every_page_of_every_role",
    "tests/browser/test_readme_tour.py",
    "tests/browser/test_case_year_walk.py",
    "tests/browser/test_lists.py",
    "tests/browser/test_report_order.py",
    "tests/browser/test_failures.py",
    "tests/browser/test_offline_visits.py",
)


@pytest.hookimpl(trylast=True)  # after pytest-django's order: plain, transactional, no database
def pytest_collection_modifyitems(items):
    first = next((index for index, item in enumerate(items) if item.get_closest_marker("browser")), None)
    if first is None:
        return
    slow = [item for item in items[first:] if item.get_closest_marker("browser") and _slow(item)]
    if not slow:
        return
    chosen = set(map(id, slow))
    rest = [item for item in items[first:] if id(item) not in chosen]
    slow.sort(
        key=lambda item: next(rank for rank, prefix in enumerate(SLOWEST_FIRST) if item.nodeid.startswith(prefix))
    )
    items[first:] = slow + rest


def _slow(item) -> bool:
    return item.nodeid.startswith(SLOWEST_FIRST)
