"""Walking a questionnaire definition: which questions a parent sees, page by page.

Pure code over `Question` rows and the answers given so far (a dict of form field names to the
strings posted). A per-child question is repeated for each child; a question with a condition is
shown only when the earlier answer allows it, per child when both are per-child questions.
"""

from dataclasses import dataclass

from django.utils import translation

from courses.models import Agreement
from surveys.interface import Interface
from surveys.languages import SOURCE
from surveys.models import Question, QuestionKind, Questionnaire

POSITIVE_AGREEMENT = {Agreement.STRONGLY_AGREE, Agreement.AGREE}
MAX_CHILDREN = 6


@dataclass(frozen=True)
class Item:
    """One question as the parent sees it: for the family (`child` 0) or for one child."""

    question: Question
    child: int = 0
    child_label: str = ""

    @property
    def field(self) -> str:
        return field_name(self.question.number, self.child)

    @property
    def other_field(self) -> str:
        return f"{self.field}_other"


def field_name(number: str, child: int = 0) -> str:
    return f"q{number}_b{child}" if child else f"q{number}"


class Walk:
    """A questionnaire's questions against one family's children and the answers so far."""

    def __init__(self, questionnaire: Questionnaire, *, child_labels: list[str] | None = None, questions=None, ui=None):
        self.questionnaire = questionnaire
        # The interface texts in the parent's language (`surveys.interface`); None: the active locale's.
        self.ui = ui
        self.questions = list(
            questions if questions is not None else questionnaire.questions.select_related("show_if_question")
        )
        self.known_children = list(child_labels) if child_labels else None
        self.by_number = {question.number: question for question in self.questions}

    @property
    def pages(self) -> list[int]:
        return sorted({question.page for question in self.questions})

    def child_count(self, answers: dict) -> int | None:
        """The parent's answer to the question of how many children (question 3), 1–6, or None."""
        number = self.questionnaire.child_count_question
        if not number:
            return None
        try:
            count = int(answers.get(field_name(number), ""))
        except (TypeError, ValueError):
            return None
        return min(max(count, 1), MAX_CHILDREN)

    def prefilled(self, answers: dict) -> dict:
        """The answers with the question of how many children filled in from the family's
        registered children (an invitation) while the parent has not answered it herself."""
        number = self.questionnaire.child_count_question
        if not number or not self.known_children or field_name(number) in answers:
            return answers
        return {**answers, field_name(number): str(min(len(self.known_children), MAX_CHILDREN))}

    def child_labels(self, answers: dict) -> list[str]:
        """The children per-child questions repeat for: as many as the parent said (the family's
        registered children by first name, in the order registered, then “Barn 3” and so on),
        the registered children while she has not said, else one."""
        count = self.child_count(answers)
        known = self.known_children or []
        if count is None:
            count = len(known) or 1
        named = known[:count]
        ui = self.ui or Interface(translation.get_language() or SOURCE)
        return named + [ui.text("child", number=index) for index in range(len(named) + 1, count + 1)]

    def shown(self, question: Question, child: int, answers: dict) -> bool:
        condition = question.show_if_question
        if condition is None:
            return True
        source_child = child if condition.per_child else 0
        if not self.shown(condition, source_child, answers):
            return False
        return answers.get(field_name(condition.number, source_child)) in question.show_if_values

    def items(self, answers: dict, *, page: int | None = None, same_page_conditions: bool = True) -> list[Item]:
        """The questions shown, in order. A condition on the same page is left to the browser to
        toggle (`same_page_conditions`), so a parent without JavaScript still sees the question."""
        labels = self.child_labels(answers)
        shown_items = []
        for question in self.questions:
            if page is not None and question.page != page:
                continue
            children = list(enumerate(labels, start=1)) if question.per_child else [(0, "")]
            for child, label in children:
                condition = question.show_if_question
                decided_here = same_page_conditions and condition is not None and condition.page == question.page
                if decided_here or self.shown(question, child, answers):
                    shown_items.append(Item(question, child, label if len(labels) > 1 or question.per_child else ""))
        return shown_items

    def rating_needs_confirmation(self, answers: dict) -> Item | None:
        """A rating of the lowest two values while every agreement answer is positive: probably reversed."""
        items = self.items(answers, same_page_conditions=False)
        agreements = [answers.get(item.field) for item in items if item.question.kind == QuestionKind.AGREEMENT]
        given = [answer for answer in agreements if answer and answer != Agreement.DONT_KNOW]
        if not given or any(answer not in POSITIVE_AGREEMENT for answer in given):
            return None
        for item in items:
            question = item.question
            if question.kind == QuestionKind.SCALE and question.confirm_low_rating:
                try:
                    value = int(answers.get(item.field))
                except (TypeError, ValueError):
                    continue
                if value <= question.scale_min + 1:
                    return item
        return None
