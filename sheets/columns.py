"""The registration sheet (registreringsark) and the sheets of historical questionnaire answers as
files: their columns, the values the sheets used besides the app's labels, the values of one
course as the sheet holds them, and the limits of an upload.

The column headers are the sheets' file format, the same in every language, so they are
constants here and not translated. Everything a user reads about them is translated.
"""

from dataclasses import dataclass, field
from datetime import date

from courses.models import EndReason
from visitation.models import RecruitedBy

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # 50,000 rows as csv
SHEET_UPLOAD_HOURS = 24
MAX_ROWS = 50_000
# An xlsx is a zip: what it may unpack to, and to how many times its own size, before openpyxl
# reads it; no cell of either sheet is longer than MAX_CELL_CHARS.
MAX_XLSX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_XLSX_MEMBERS = 200
MAX_CELL_CHARS = 1000
# A text a spreadsheet program could read as a formula (OWASP's CSV injection) begins with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The registration sheet, one row per course, in this order.
MUNICIPALITY = "Kommune"
COURSE_ID = "Forløbs-id"
VISITATION_DATE = "Visitationsdato"
START_DATE = "Startdato"
END_DATE = "Slutdato"
RECRUITED_BY = "Rekrutteret af"
VISIT_COUNT = "Antal besøg"
VISIT_HOURS = "Samlet besøgstid (timer)"
GOALS_REACHED = "Mål opnået"
CHILD_DEVELOPED = "Barnets udvikling"
END_REASON = "Afslutningsårsag"
BIRTH_MONTH = "Barnets fødselsmåned"
CHILD_SEX = "Barnets køn"
COURSE_COLUMNS = [
    MUNICIPALITY,
    COURSE_ID,
    VISITATION_DATE,
    START_DATE,
    END_DATE,
    RECRUITED_BY,
    VISIT_COUNT,
    VISIT_HOURS,
    GOALS_REACHED,
    CHILD_DEVELOPED,
    END_REASON,
    BIRTH_MONTH,
    CHILD_SEX,
]
# The child's columns may be left out of a sheet: an imported course then has no child.
OPTIONAL_COURSE_COLUMNS = (BIRTH_MONTH, CHILD_SEX)

# The historical answers to the national questionnaire (Bilag 8), one row per response.
# Question 10 (free text) is not imported.
RESPONSE_ID = "Besvarelses-id"
ANSWERED_ON = "Dato"
SHEET_CHILDREN = 3
FAMILY_QUESTION_COLUMNS = {"1": "1 Er du", "2": "2 Bor alene", "3": "3 Antal børn"}
CHILD_QUESTION_COLUMNS = {
    "4": "4 Dagtilbud barn {n}",
    "5": "5 Udvikling barn {n}",
    "6": "6 Relation barn {n}",
    "8": "8 Samarbejde barn {n}",
}
LATE_QUESTION_COLUMNS = {"7": "7 Rammer", "9": "9 Samlet vurdering"}


@dataclass(frozen=True)
class AnswerColumn:
    header: str
    question: str  # the question's number in the questionnaire
    child: int  # 1..n for a per-child question, 0 otherwise


def answer_columns() -> list[AnswerColumn]:
    columns = [AnswerColumn(header, number, 0) for number, header in FAMILY_QUESTION_COLUMNS.items()]
    for child in range(1, SHEET_CHILDREN + 1):
        columns += [
            AnswerColumn(header.format(n=child), number, child) for number, header in CHILD_QUESTION_COLUMNS.items()
        ]
    columns += [AnswerColumn(header, number, 0) for number, header in LATE_QUESTION_COLUMNS.items()]
    return columns


ANSWER_COLUMNS = [MUNICIPALITY, RESPONSE_ID, ANSWERED_ON, COURSE_ID, *(column.header for column in answer_columns())]

# The historical answers to the Ishøj questionnaire (surveys/definitions/ishoej-v1.json, Ishøj
# tabel 1 and 6-10), one row per response, each column headed by its question's number. The
# free text questions (2, 3 and 10) are not imported.
ISHOEJ_QUESTION_COLUMNS = {
    "1": "1 Trivsel bedre",
    "4": "4 Fyldte før",
    "5": "5 Fylder nu",
    "6": "6 Fylder mindre eller mere",
    "7": "7 Inspireret",
    "8": "8 Handlemuligheder ved det svære",
    "9": "9 Handlemuligheder for samspil",
}


# Question 6's labels in the questionnaire (the guide lists them; the import reads the installed ones).
ISHOEJ_CHANGE_LABELS = ("Fylder mindre", "Fylder det samme", "Fylder mere")


def ishoej_answer_columns() -> list[AnswerColumn]:
    return [AnswerColumn(header, number, 0) for number, header in ISHOEJ_QUESTION_COLUMNS.items()]


ISHOEJ_ANSWER_COLUMNS = [
    MUNICIPALITY,
    RESPONSE_ID,
    ANSWERED_ON,
    COURSE_ID,
    *(column.header for column in ishoej_answer_columns()),
]

# Values the sheets used besides the labels the app shows (matched case-insensitively).
RECRUITED_BY_ALIASES = {"sundhedsplejen": RecruitedBy.HEALTH_VISITING, "sundhedsplejerske": RecruitedBy.HEALTH_VISITING}
# End reasons in the words of the evaluation's registration sheets (002_…, chapter 4: "manglende
# interesse i at fortsætte eller manglende tid og ressourcer hos forældrene", "overgik til en
# anden indsats i en familieafdeling"); a coordinator adds her municipality's own words
# (`sheets.models.EndReasonAlias`). Any other text is kept as "other" with its words.
END_REASON_ALIASES = {
    "manglende interesse": EndReason.NO_INTEREST,
    "manglende interesse i at fortsætte": EndReason.NO_INTEREST,
    "manglende lyst til at deltage": EndReason.NO_INTEREST,
    "manglende motivation": EndReason.NO_INTEREST,
    "samtykke trukket tilbage": EndReason.NO_INTEREST,
    "manglende tid og ressourcer": EndReason.NO_TIME,
    "manglende tid og ressourcer hos forældrene": EndReason.NO_TIME,
    "manglende overskud": EndReason.NO_TIME,
    "anden indsats": EndReason.OTHER_SERVICE,
    "overgået til anden indsats": EndReason.OTHER_SERVICE,
    "anden indsats i en familieafdeling": EndReason.OTHER_SERVICE,
    "familieafdelingen": EndReason.OTHER_SERVICE,
    "flyttet": EndReason.MOVED,
    "fraflytning": EndReason.MOVED,
    "familien er flyttet": EndReason.MOVED,
    "barnet er fyldt 3 år": EndReason.CHILD_TURNED_3,
    "barnet er fyldt 3": EndReason.CHILD_TURNED_3,
}
MAX_END_REASON_DETAIL = 300  # courses.Course.end_reason_detail
PARENT_SHEET_VALUES = ("mor", "far", "andet")
YES_NO_SHEET_VALUES = ("ja", "nej")
PARENT_VALUES = {"mor": "mother", "far": "father", "andet": "other", "anden": "other", "anden relation": "other"}
YES_NO_VALUES = {"ja": "yes", "nej": "no", "yes": "yes", "no": "no"}


# ---------------------------------------------------------------------------------------------
# The values of one course as the sheet holds them: read from a row, or from the database.


@dataclass(frozen=True)
class CourseValues:
    course_id: str
    visitation_date: date | None
    start_date: date | None
    end_date: date | None
    recruited_by: str
    visit_count: int | None
    visit_minutes: int | None
    goals_reached_answer: str
    child_developed_answer: str
    end_reason: str
    birth_month: date | None
    end_reason_detail: str = ""  # an imported course's end reason in the sheet's own words
    child_sex: str = ""  # families.models.ChildSex of the course's child; only with a birth month
    # How a sheet's end reason was read ("", "alias", "other"): not part of the course's values.
    end_reason_how: str = field(default="", compare=False)


# ---------------------------------------------------------------------------------------------
# SDQ measurements, one row per course, child, timing and informant: the 25 boxes and the impact
# supplement as on the paper form, or, where only they were kept, the five scales' scores (and
# perhaps impact). The child is named by its birth month, or is the course's only child.
SDQ_TIMING = "Tidspunkt"
SDQ_INFORMANT = "Informant"
SDQ_MEASURED_ON = "Dato"
SDQ_ITEM_COLUMNS = {number: f"Spm {number}" for number in range(1, 26)}
SDQ_IMPACT_COLUMNS = {  # sdq.models.Measurement's fields of the supplement
    "impact_difficulties": "Vanskeligheder",
    "impact_duration": "Varighed",
    "impact_distress": "Belaster barnet",
    "impact_home_life": "Hjemmet",
    "impact_friendships": "Venskaber",
    "impact_learning": "Læring",
    "impact_leisure": "Fritid",
    "impact_burden": "Belaster andre",
}
SDQ_SCALE_COLUMNS = {  # sdq.scoring's scales whose scores a sheet may keep
    "emotional": "Score følelsesmæssige",
    "conduct": "Score adfærd",
    "hyperactivity": "Score hyperaktivitet",
    "peer": "Score jævnaldrende",
    "prosocial": "Score prosocial",
    "impact": "Score impact",
}
SDQ_REQUIRED_COLUMNS = [MUNICIPALITY, COURSE_ID, SDQ_TIMING, SDQ_INFORMANT, SDQ_MEASURED_ON]
SDQ_COLUMNS = [
    MUNICIPALITY,
    COURSE_ID,
    BIRTH_MONTH,
    SDQ_TIMING,
    SDQ_INFORMANT,
    SDQ_MEASURED_ON,
    *SDQ_ITEM_COLUMNS.values(),
    *SDQ_IMPACT_COLUMNS.values(),
    *SDQ_SCALE_COLUMNS.values(),
]
# A sheet holds the answers or the scores, so either group of columns may be left out.
SDQ_OPTIONAL_COLUMNS = tuple(column for column in SDQ_COLUMNS if column not in SDQ_REQUIRED_COLUMNS)
SDQ_TIMING_ALIASES = {"start": "start", "slut": "end", "afslutning": "end", "ved start": "start", "ved slut": "end"}
SDQ_INFORMANT_ALIASES = {
    "forældre": "parent",
    "mor": "parent",
    "far": "parent",
    "personale": "staff",
    "dagtilbud": "staff",
    "pædagog": "staff",
}
