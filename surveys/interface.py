"""The texts around the questions a parent reads: buttons, headings, the progress, the saved-draft
notice, error messages, the thank-you page, the language picker, and the letter's and e-mails'
own texts (the page "chrome").

A fixed, listed set of keys (`INTERFACE`, each `ui.<name>`): each names an English source string
that gettext translates for the shipped locales (Danish, English). A translation file carries
every key too, with its Danish text, and a municipality's translation into a language Django
does not ship gives a text for each (`translations.translation_problems` refuses a file that
lacks one or changes a placeholder). Every language goes through one lookup (`Interface.text`):
the translation's own text where it has one, else gettext in the language when it is shipped,
else English, so no page in an uploaded language falls back to Danish.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_noop, ngettext

from surveys.languages import SOURCE

PREFIX = "ui."


@dataclass(frozen=True)
class InterfaceText:
    name: str
    source: str  # the English msgid gettext translates
    plural: str = ""  # the plural msgid, when the text is counted (`count=`)


INTERFACE = {
    text.name: text
    for text in (
        # every page
        InterfaceText("site_title", gettext_noop("Questionnaire about your home-based course")),
        InterfaceText("skip_link", gettext_noop("Go to the page's content")),
        # the questionnaire's pages
        InterfaceText("progress", gettext_noop("Page %(page)s of %(page_count)s")),
        InterfaceText("language_label", gettext_noop("Language")),
        InterfaceText("language_choose", gettext_noop("Choose language")),
        InterfaceText(
            "draft_kept_days",
            gettext_noop(
                "Your answers are kept on this device for %(days)s day, so you can close the page and go on "
                "later. When you send them, the draft is deleted."
            ),
            gettext_noop(
                "Your answers are kept on this device for %(days)s days, so you can close the page and go on "
                "later. When you send them, the draft is deleted."
            ),
        ),
        InterfaceText(
            "draft_kept",
            gettext_noop("Your answers are kept, so you can close the page and go on later from the same link."),
        ),
        InterfaceText("saved", gettext_noop("Your answers are saved.")),
        InterfaceText("next", gettext_noop("Next")),
        InterfaceText("back", gettext_noop("Back")),
        InterfaceText("send", gettext_noop("Send your answers")),
        InterfaceText("optional", gettext_noop("optional")),
        InterfaceText("child", gettext_noop("Child %(number)s")),
        InterfaceText("yes", gettext_noop("Yes")),
        InterfaceText("no", gettext_noop("No")),
        InterfaceText("strongly_agree", gettext_noop("Strongly agree")),
        InterfaceText("agree", gettext_noop("Agree")),
        InterfaceText("neutral", gettext_noop("Neither agree nor disagree")),
        InterfaceText("disagree", gettext_noop("Disagree")),
        InterfaceText("strongly_disagree", gettext_noop("Strongly disagree")),
        InterfaceText("dont_know", gettext_noop("Don't know")),
        InterfaceText("describe", gettext_noop("Describe")),
        # errors
        InterfaceText("error", gettext_noop("Error")),
        InterfaceText("error_prefix", gettext_noop("Error:")),
        InterfaceText("errors_heading", gettext_noop("Please correct the following")),
        InterfaceText("choose_answer", gettext_noop("Choose an answer.")),
        InterfaceText("choose_answer_for", gettext_noop("Choose an answer for %(child)s.")),
        InterfaceText("write_answer", gettext_noop("Write an answer.")),
        InterfaceText("too_long", gettext_noop("Write at most %(limit_value)d characters (you wrote %(show_value)d).")),
        InterfaceText("write_number", gettext_noop("Write a number.")),
        InterfaceText("whole_number", gettext_noop("Write a whole number.")),
        InterfaceText("number_min", gettext_noop("Write a number of at least %(limit_value)s.")),
        InterfaceText("number_max", gettext_noop("Write a number of at most %(limit_value)s.")),
        InterfaceText("describe_relation", gettext_noop("Describe your relation to the child.")),
        InterfaceText("too_many_attempts", gettext_noop("Too many attempts. Wait a moment and try again.")),
        InterfaceText("low_rating_heading", gettext_noop("You gave the course %(value)s on the scale")),
        InterfaceText(
            "low_rating_text",
            gettext_noop(
                "On the scale, 10 is the most positive and 1 the least positive. Your other answers are positive, "
                "so we ask to be sure. If you meant a high rating, choose it again below. If 1 or 2 is what you "
                "meant, tick the box and send."
            ),
        ),
        InterfaceText("low_rating_confirm", gettext_noop("Yes, I mean %(value)s")),
        InterfaceText("not_sent_heading", gettext_noop("Your answers have not been sent yet")),
        InterfaceText(
            "not_saved_text",
            gettext_noop("We could not save your answers right now. Your answers are not lost. Try again in a moment."),
        ),
        # the thank-you page and a link answered already
        InterfaceText("thanks_title", gettext_noop("Thank you")),
        InterfaceText("thanks_heading", gettext_noop("Thank you for your answers!")),
        InterfaceText("thanks_text", gettext_noop("Your answers have been sent. You can close this page.")),
        InterfaceText("answered_title", gettext_noop("Already answered")),
        InterfaceText("answered_heading", gettext_noop("The questionnaire has already been answered")),
        InterfaceText(
            "answered_text",
            gettext_noop(
                "Thank you: we have received the answers for this link. There is nothing more you need to do."
            ),
        ),
        # the letter and the e-mails
        InterfaceText("letter_title", gettext_noop("Questionnaire about your course with the home educator")),
        InterfaceText("dear_parent", gettext_noop("Dear parent")),
        InterfaceText(
            "letter_intro",
            gettext_noop(
                "Your course with the home educator has ended. We would like to hear how it went for you and your "
                "family, so we can make the courses better. It takes about 3-5 minutes, and you can answer on "
                "your phone."
            ),
        ),
        InterfaceText(
            "letter_scan", gettext_noop("Scan the QR code with your phone's camera, or type the address in a browser:")
        ),
        InterfaceText(
            "letter_personal",
            gettext_noop(
                "The link is personal and can be used once, until %(date)s. Your answers are counted together "
                "with other parents' answers; the home educator does not see what you answered."
            ),
        ),
        InterfaceText("letter_thanks", gettext_noop("Thank you for your help.")),
        InterfaceText("letter_regards", gettext_noop("Kind regards")),
        InterfaceText(
            "email_intro",
            gettext_noop(
                "Your course with the home educator has ended. We would like to hear how it went for you and your "
                "family. It takes about 3-5 minutes."
            ),
        ),
        InterfaceText("email_personal", gettext_noop("The link is personal and can be used once, until %(date)s.")),
        InterfaceText(
            "reminder_subject", gettext_noop("Reminder: questionnaire about your course with the home educator")
        ),
        InterfaceText(
            "reminder_intro",
            gettext_noop(
                "We have not yet received your answers to the questionnaire about your course with the home "
                "educator. Your answers help us make the course better for other families. It takes about "
                "3-5 minutes."
            ),
        ),
        InterfaceText(
            "reminder_disregard", gettext_noop("If you have answered already, please disregard this reminder.")
        ),
    )
}


def shipped_locale(code: str) -> bool:
    return code in {code for code, _name in settings.LANGUAGES}


class Interface:
    """The interface texts in one language. `texts` are a translation's texts (its `ui.*` keys
    are used, the rest ignored); in a template `{{ ui.next }}` is the text of `ui.next`."""

    def __init__(self, code: str = SOURCE, texts: dict[str, str] | None = None):
        self.code = code
        self.texts = texts or {}
        # The locale gettext answers in for a text the translation does not give: the language
        # itself when shipped, else English (never Danish, which a parent here may not read).
        self.gettext_language = code if shipped_locale(code) else "en"

    def text(self, name: str, *, count: int | None = None, **values) -> str:
        entry = INTERFACE[name]
        text = self.texts.get(PREFIX + name, "").strip()
        if not text:
            with translation.override(self.gettext_language):
                text = ngettext(entry.source, entry.plural, count or 2) if entry.plural else gettext(entry.source)
        if count is not None:
            values.setdefault("days", count)
        return text % values if values else text

    def __getitem__(self, name: str) -> str:
        return self.text(name)

    def date(self, value) -> str:
        """A date as the letter writes it: "4. december 2026" in a shipped locale, else in digits
        (a month's name would otherwise come out in Danish)."""
        if hasattr(value, "hour"):
            value = timezone.localtime(value)
        if shipped_locale(self.code):
            with translation.override(self.code):
                return formats.date_format(value, "j. F Y")
        return value.strftime("%d.%m.%Y")


def interface_source() -> dict[str, str]:
    """The Danish interface texts by key, for the translation file (a counted text in its plural)."""
    texts = {}
    for name, entry in INTERFACE.items():
        with translation.override(SOURCE):
            texts[PREFIX + name] = ngettext(entry.source, entry.plural, 2) if entry.plural else gettext(entry.source)
    return texts
