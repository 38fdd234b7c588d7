"""No English on any page a role may open, as a phone shows it (375 px). The walk over every
page of every role is the CSP walk's (test_content_security_policy.py: one walk, both checks on
each page, so Chromium opens each page once); here the word check itself is tested."""

from tests.browser.english import english_words


def test_the_word_check_finds_english_and_passes_danish():
    assert english_words("Please select a course") == ["Please", "course", "select"]
    assert english_words("Gåtur og samtale (walk and talk) · Side 2 af 3 · Næste") == []
    assert english_words("This field is required.") == ["This", "field", "is", "required"]
