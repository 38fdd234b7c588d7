"""Writes of the questionnaires' languages: the language a parent chose, and a municipality's
uploaded translation."""

from django.db import IntegrityError, transaction

from surveys.models import Draft, Questionnaire


def draft_language_set(*, key: str, questionnaire: Questionnaire, language: str) -> Draft:
    """Remember the language the parent chose on the first page with her unsent answers."""
    defaults = {"questionnaire": questionnaire, "language": language}
    try:
        with transaction.atomic():
            draft, _created = Draft.objects.update_or_create(key=key, defaults=defaults)
    except IntegrityError:  # a second request of the same parent created the draft in between
        draft, _created = Draft.objects.update_or_create(key=key, defaults=defaults)
    return draft
