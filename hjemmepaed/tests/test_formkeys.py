"""The one-time form key: the hidden field, its validation, and the service decorator's rules
(another user's key, the race lost to a concurrent post). Each form's own tests are in its app
(`*/tests/test_sent_once.py`)."""

import re
import uuid
from unittest import mock

import pytest
from django import forms
from django.db import IntegrityError

from courses.models import Visit
from courses.services import visit_log
from hjemmepaed import formkeys
from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.errors import DomainError
from hjemmepaed.formkeys import FormKeyForm, form_key_repeated
from visitation.tests.factories import course_started

BAD_FORM = "Formularen kunne ikke sendes, som den var."
TAKEN = "Formularen er allerede sendt af en anden."


class NoteForm(FormKeyForm):
    note = forms.CharField()


def key_on(page: str) -> str:
    return re.search(r'name="form_key" value="([^"]+)"', page).group(1)


def test_a_new_form_carries_a_fresh_random_key_in_a_hidden_field():
    first, second = str(NoteForm()), str(NoteForm())
    assert 'type="hidden" name="form_key"' in first
    assert uuid.UUID(key_on(first)).version == 4
    assert key_on(first) != key_on(second)


def test_a_form_shown_again_with_errors_keeps_its_key():
    key = str(uuid.uuid4())
    form = NoteForm({"form_key": key, "note": ""})
    assert not form.is_valid()
    assert key_on(str(form)) == key


def test_the_key_comes_with_the_cleaned_data_and_may_be_missing():
    key = uuid.uuid4()
    form = NoteForm({"form_key": str(key), "note": "x"})
    assert form.is_valid() and form.cleaned_data["form_key"] == key
    form = NoteForm({"note": "x"})  # a post without a key (a script, an older page) is saved unchecked
    assert form.is_valid() and form.cleaned_data["form_key"] is None


@pytest.mark.parametrize(
    "value",
    ["not-a-key", "1" * 37, "c33bf370-baf6-421d-84b3-51658aee7d34x", "x" * 10_000],
    ids=["words", "too-long", "uuid-and-more", "ten-thousand"],
)
def test_a_bad_key_is_a_danish_error_at_the_top_and_the_form_gets_a_fresh_key(value):
    form = NoteForm({"form_key": value, "note": "x"})
    assert not form.is_valid()
    assert "form_key" not in form.errors
    assert BAD_FORM in form.non_field_errors()[0]
    fresh = key_on(str(form))
    assert fresh != value and uuid.UUID(fresh)
    assert NoteForm({"form_key": fresh, "note": "x"}).is_valid()  # sent again, it goes through


# --- the service decorator, on visit_log ---------------------------------------------------------


@pytest.fixture
def started(coordinator, educator):
    return course_started(coordinator=coordinator, educator=educator)


def log(user, course, key):
    return visit_log(acting_user=user, course=course, date=course.start_date, duration_minutes=60, form_key=key)


@pytest.mark.django_db
def test_a_key_sent_by_another_user_is_refused_in_danish(started, coordinator, educator):
    key = uuid.uuid4()
    log(educator, started, key)
    with pytest.raises(DomainError, match=TAKEN):
        log(coordinator, started, key)
    assert Visit.objects.count() == 1


@pytest.mark.django_db
def test_a_key_sent_again_for_another_course_is_refused(started, coordinator, educator):
    other = course_started(coordinator=coordinator, educator=educator)
    key = uuid.uuid4()
    log(educator, started, key)
    with pytest.raises(DomainError, match=TAKEN):
        log(educator, other, key)
    assert Visit.objects.count() == 1


@pytest.mark.django_db
def test_the_race_lost_to_a_concurrent_post_rolls_back_and_returns_the_winner(started, educator):
    """The look-up before the service found nothing (the other post had not committed yet); the
    insert then breaks the unique constraint. What the loser did is undone, the winner returned."""
    key = uuid.uuid4()
    winner = log(educator, started, key)
    events = AuditEvent.objects.count()
    real = formkeys.form_key_first
    calls = []

    def not_yet_committed(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real(**kwargs)

    with mock.patch.object(formkeys, "form_key_first", side_effect=not_yet_committed):
        again = log(educator, started, key)
    assert len(calls) == 2
    assert again.pk == winner.pk and form_key_repeated(again)
    assert Visit.objects.count() == 1
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_another_broken_constraint_is_not_taken_for_a_repeat(started, educator):
    """Without a row with the key, an IntegrityError is the service's own and is raised."""
    with mock.patch.object(Visit.objects, "create", side_effect=IntegrityError("visit_one_held_booster")):
        with pytest.raises(IntegrityError):
            log(educator, started, uuid.uuid4())
