"""The languages a questionnaire can be answered in: Danish (the source) and its translations.

Each language is named in Danish (for staff) and in itself (for the parent choosing it), and
says whether it is written right to left. The family's language is recorded at referral as free
text ("arabisk", "engelsk"); `language_from_recorded` maps it to a code where it can.
"""

from dataclasses import dataclass

SOURCE = "da"


@dataclass(frozen=True)
class Language:
    code: str
    danish_name: str
    own_name: str
    right_to_left: bool = False
    # Other ways a caseworker writes the language at referral, lower case.
    aliases: tuple[str, ...] = ()

    @property
    def direction(self) -> str:
        return "rtl" if self.right_to_left else "ltr"


LANGUAGES = {
    language.code: language
    for language in (
        Language("da", "dansk", "Dansk", aliases=("danish",)),
        Language("en", "engelsk", "English", aliases=("english",)),
        Language("ar", "arabisk", "العربية", right_to_left=True, aliases=("arabic",)),
        Language("fa", "persisk", "فارسی", right_to_left=True, aliases=("farsi", "dari", "persian")),
        Language("ur", "urdu", "اردو", right_to_left=True),
        Language("ku", "kurdisk", "Kurdî", aliases=("kurmanji", "kurdish")),
        Language("so", "somali", "Soomaali", aliases=("somalisk",)),
        Language("ti", "tigrinya", "ትግርኛ", aliases=("tigrinja",)),
        Language("tr", "tyrkisk", "Türkçe", aliases=("turkish",)),
        Language("pl", "polsk", "Polski", aliases=("polish",)),
        Language("ro", "rumænsk", "Română", aliases=("romanian",)),
        Language("lt", "litauisk", "Lietuvių", aliases=("lithuanian",)),
        Language("uk", "ukrainsk", "Українська", aliases=("ukrainian",)),
        Language("ru", "russisk", "Русский", aliases=("russian",)),
        Language("de", "tysk", "Deutsch", aliases=("german",)),
        Language("es", "spansk", "Español", aliases=("spanish",)),
        Language("fr", "fransk", "Français", aliases=("french",)),
        Language("bs", "bosnisk", "Bosanski", aliases=("bosnian",)),
        Language("ta", "tamil", "தமிழ்"),
        Language("vi", "vietnamesisk", "Tiếng Việt", aliases=("vietnamese",)),
        Language("th", "thai", "ไทย", aliases=("thailandsk",)),
        Language("tl", "filippinsk", "Filipino", aliases=("tagalog",)),
    )
}


def language_get(code: str) -> Language:
    return LANGUAGES.get(code) or LANGUAGES[SOURCE]


def language_from_recorded(recorded: str) -> str | None:
    """The code of a language as recorded at referral ("Arabisk", "engelsk og dansk": the first
    word that names one), or None when it names none we know."""
    words = recorded.lower().replace(",", " ").replace("/", " ").split()
    for word in words:
        for language in LANGUAGES.values():
            if word in (language.danish_name, language.own_name.lower(), *language.aliases):
                return language.code
    return None
