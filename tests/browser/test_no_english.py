"""No English on any page a role may open, as a phone shows it (375 px): the rendered text and
the labels a screen reader reads (aria-label, title, placeholder, alt) are searched for common
English words, whole words only, after the proper names and the professional terms the product
keeps in English (the methods' "walk and talk", "Signs of Safety") are taken out. One browser
context per role over the pages of the CSP walk (one page per set of templates); no axe here."""

import re

import pytest

from hjemmepaed.tests import test_access_matrix as matrix
from hjemmepaed.tests.world import world_in_test
from tests.browser.conftest import log_in, screenshot
from tests.browser.pages import html_pages

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shipped_questionnaires"),
]

world = world_in_test

# Words that are English and not Danish. Left out on purpose, as they are Danish words too or are
# used in Danish: to, for, i, at, by, end, held, sort, filter, log, menu, status, type, note, link,
# data, login, total, problem.
ENGLISH_WORDS = frozenset(
    """
    the and of with without this that these those required field fields select selected none yes no
    submit search page pages next previous password username error errors please you your are is
    not has been was were will would should can cannot could
    save cancel delete edit add remove change back continue close open show hide choose
    name date from on or all any only more less new old other
    course courses visit visits child children parent parents home educator educators
    coordinator manager report reports questionnaire municipality daycare referral phase
    started closed planned cancelled filters week weeks month months day days
    hours file files sign logged out welcome help contact details
    """.split()
)

# Proper names, brand names and the professional terms said in English, taken out first.
ALLOWED = (
    "walk and talk",
    "low arousal",
    "Signs of Safety",
    "Theraplay",
    "Strengths and Difficulties Questionnaire",
    "hjemmepaed",
    # The SDQ's British norm set: its source's title and the bands' own names, quoted.
    "Scoring the Strengths & Difficulties Questionnaire for age 4-17",
    "close to average / slightly raised / high / very high",
    "English",
)

READ_TEXT = """() => {
  const labels = Array.from(document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]"))
    .filter((element) => element.getClientRects().length > 0)
    .map((element) => ["aria-label", "title", "placeholder", "alt"]
      .map((name) => element.getAttribute(name) || "").join(" "));
  return [document.title, document.body.innerText, ...labels].join("\\n");
}"""

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # letters of any script: "Visitér" is one word


def english_words(text: str) -> list[str]:
    for phrase in ALLOWED:
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    return sorted({word for word in WORD.findall(text) if word.lower() in ENGLISH_WORDS})


def test_the_word_check_finds_english_and_passes_danish():
    assert english_words("Please select a course") == ["Please", "course", "select"]
    assert english_words("Gåtur og samtale (walk and talk) · Side 2 af 3 · Næste") == []
    assert english_words("This field is required.") == ["This", "field", "is", "required"]


def test_no_page_of_any_role_shows_english_text(browser, live_server, world):
    found = {}
    for role in matrix.ALL_ROLES:
        urls = html_pages(world, role)
        assert urls, f"{role} may open no page"
        context = browser.new_context(viewport={"width": 375, "height": 812})
        page = context.new_page()
        page.live_server_url = live_server.url
        try:
            log_in(page, world.users[role])
            for url in urls:
                response = page.goto(live_server.url + url)
                assert response.status == 200, url
                lines = [line for line in page.evaluate(READ_TEXT).splitlines() if english_words(line)]
                if lines:
                    found[f"{role} {url}"] = lines
                    screenshot(page, f"english-{role}-{len(found)}")
        finally:
            context.close()
    assert found == {}, "\n".join(f"{page}: {lines}" for page, lines in found.items())
