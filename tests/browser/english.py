"""The check for English on a page: the rendered text and the labels a screen reader reads
(aria-label, title, placeholder, alt) are searched for common English words, whole words only,
after the proper names and the professional terms the product keeps in English (the methods'
"walk and talk", "Signs of Safety") are taken out. Used by the walk over every page of every role
(test_content_security_policy.py) and tested in test_no_english.py."""

import re
from html.parser import HTMLParser

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
    "Scoring the Strengths & Difficulties Questionnaire for 2-4 year olds",
    "close to average / slightly raised / high / very high",
    "English",
)

# Text in <code> is a file format's or an identifier's literal (a CSV's column names), not
# language: it is taken out of the page's text before the check.
READ_TEXT = """() => {
  let text = document.body.innerText;
  for (const code of document.querySelectorAll("code")) {
    if (code.innerText) text = text.split(code.innerText).join(" ");
  }
  const labels = Array.from(document.querySelectorAll("[aria-label], [title], [placeholder], img[alt]"))
    .filter((element) => element.getClientRects().length > 0)
    .map((element) => ["aria-label", "title", "placeholder", "alt"]
      .map((name) => element.getAttribute(name) || "").join(" "));
  return [document.title, text, ...labels].join("\\n");
}"""

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # letters of any script: "Visitér" is one word


def english_words(text: str) -> list[str]:
    for phrase in ALLOWED:
        text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    return sorted({word for word in WORD.findall(text) if word.lower() in ENGLISH_WORDS})


def english_lines(page) -> list[str]:
    """The lines of the page's text and labels that hold English words."""
    return [line for line in page.evaluate(READ_TEXT).splitlines() if english_words(line)]


class _Text(HTMLParser):
    """A page's text as read, without its scripts, styles and templates (no browser: a form's
    re-render after a failed POST, which the walk does not open)."""

    SKIPPED = {"script", "style", "template", "noscript", "code"}  # <code>: a literal, as READ_TEXT has it

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skipping += 1
        attrs = dict(attrs)
        self.parts.extend(attrs[name] or "" for name in ("aria-label", "title", "placeholder", "alt") if name in attrs)

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def english_lines_of_html(html: str) -> list[str]:
    """The lines of a page's HTML (as the test client has it) that hold English words."""
    parser = _Text()
    parser.feed(html)
    return [line.strip() for line in "\n".join(parser.parts).splitlines() if english_words(line)]
