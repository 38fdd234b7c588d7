"""Everything a user reads is Danish: the catalogue is complete and compiled."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES"


def test_danish_catalogue_has_no_untranslated_or_fuzzy_entries():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo if e.msgid}
    assert compiled == source, "run `make messages` (or compile the .po) after editing it"


# The login page reads which municipalities offer their own login.
@pytest.mark.django_db
def test_danish_is_the_default_and_english_can_be_chosen(client):
    page = client.get(reverse("login"))
    assert '<html lang="da">' in page.content.decode()
    assert "Log ind" in page.content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert response.status_code == 302
    page = client.get(reverse("login"))
    assert '<html lang="en">' in page.content.decode()
    assert "Log in" in page.content.decode()


def test_danish_number_and_date_formats():
    from datetime import date

    from django.utils import formats, translation

    with translation.override("da"):
        assert formats.number_format(8.82, 2) == "8,82"
        assert formats.date_format(date(2026, 11, 23), "SHORT_DATE_FORMAT") == "23.11.2026"
        assert formats.date_format(date(2026, 11, 23)) == "23. november 2026"


# The login page reads which municipalities offer their own login.
@pytest.mark.django_db
def test_an_english_browser_still_gets_danish_until_english_is_chosen(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="da">' in page.content.decode()
    assert page["Content-Language"] == "da"
