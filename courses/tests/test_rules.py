"""The 40 weeks and their extension, as pure functions."""

from datetime import date, timedelta

from courses import rules

START = date(2026, 1, 5)


def test_the_limit_is_40_weeks_until_an_extension_moves_the_end():
    assert rules.course_week_limit(START, START + timedelta(weeks=30)) == 40
    assert rules.course_week_limit(START, START + timedelta(weeks=40)) == 40
    assert rules.course_week_limit(START, START + timedelta(weeks=52)) == 52
    assert rules.course_week_limit(START, START + timedelta(weeks=52, days=1)) == 53
    assert rules.course_week_limit(START, None) == 40


def test_the_warning_comes_8_weeks_before_the_limit_and_at_it():
    assert rules.course_week_warning(week=31, limit=40) is None
    assert rules.course_week_warning(week=32, limit=40) == 32
    assert rules.course_week_warning(week=41, limit=40) == 40
    assert rules.course_week_warning(week=43, limit=52) is None
    assert rules.course_week_warning(week=44, limit=52) == 44
    assert rules.course_week_warning(week=52, limit=52) == 52
