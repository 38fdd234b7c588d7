"""The shipped definitions say what the evaluations' questionnaires say, and the engine walks them."""

import pytest

from surveys.engine import Walk
from surveys.loading import definition_check, definition_read
from surveys.models import Questionnaire

from .helpers import POSITIVE_TWO_CHILDREN

pytestmark = pytest.mark.django_db


def national() -> Questionnaire:
    return Questionnaire.objects.get(key="national", version=1)


def ishoej() -> Questionnaire:
    return Questionnaire.objects.get(key="ishoej", version=1)


def test_national_questionnaire_is_bilag_8_word_for_word():
    questions = {question.number: question for question in national().questions.all()}
    assert list(questions) == [str(number) for number in range(1, 11)]
    assert questions["1"].text == "Er du?"
    assert [choice["label"] for choice in questions["1"].choices] == ["Far", "Mor", "Anden relation, beskriv"]
    assert questions["2"].text == "Bor du alene med dit barn/dine børn?"
    assert questions["3"].text == (
        "Hvor mange børn havde du ved opstart med hjemmepædagogen i alderen 0-2 år (op til 36 måneder)?"
    )
    assert [choice["value"] for choice in questions["3"].choices] == ["1", "2", "3", "4", "5", "6"]
    assert questions["4"].text == (
        "Gik dit barn i dagtilbud (dagpleje, vuggestue, integreret institution), da familien blev tilknyttet "
        "en hjemmepædagog?"
    )
    assert questions["5"].text == (
        "Hvor enig er du i, at tilknytningen af en hjemmepædagog har bidraget til en positiv udvikling for dit barn?"
    )
    assert questions["6"].text == (
        "Hvor enig er du i, at tilknytningen af en hjemmepædagog har styrket relationen mellem dig og dit barn?"
    )
    assert questions["7"].text == (
        "Hvor enig er du i, at tilknytningen af en hjemmepædagog har bidraget til bedre rammer i jeres familie?"
    )
    assert questions["8"].text == (
        "Hvor enig er du i, at tilknytningen af en hjemmepædagog har forbedret dit samarbejde med dit barns dagtilbud?"
    )
    assert questions["9"].text.startswith("På en skala fra 1-10, hvor 10 er mest positivt")
    assert questions["10"].kind == "free_text" and not questions["10"].required
    assert {n for n, q in questions.items() if q.per_child} == {"4", "5", "6", "8"}
    assert questions["8"].show_if_question == questions["4"] and questions["8"].show_if_values == ["yes"]
    assert [q.kind for q in questions.values()] == [
        "single_choice",
        "yes_no",
        "single_choice",
        "yes_no",
        "agreement",
        "agreement",
        "agreement",
        "agreement",
        "scale",
        "free_text",
    ]
    assert national().outro == "Mange tak for din besvarelse!"


def test_ishoej_questionnaire_asks_tabel_1_and_6_to_10():
    texts = [question.text for question in ishoej().questions.all()]
    assert "Synes I, at jeres barns trivsel er blevet bedre undervejs i forløbet?" in texts
    assert (
        "Har I fået flere handlemuligheder, når der er noget, der er svært eller vækker bekymring i hverdagen med jeres barn?"
        in texts
    )
    assert (
        "Har I fået flere handlemuligheder i forhold til at skabe eller fastholde et positivt samspil med jeres barn?"
        in texts
    )
    kinds = [question.kind for question in ishoej().questions.all()]
    assert kinds.count("scale") == 2  # before and after, 1-10 with both ends in words
    scale = ishoej().questions.filter(kind="scale").first()
    assert scale.scale_min_label and scale.scale_max_label
    fills = ishoej().questions.get(number="6")
    assert [choice["label"] for choice in fills.choices] == ["Fylder mindre", "Fylder det samme", "Fylder mere"]


def test_a_definition_with_a_condition_on_a_later_question_is_refused():
    definition = definition_read("national-v1.json")
    definition["questions"][7]["show_if_question"] = "9"
    with pytest.raises(ValueError, match="earlier question"):
        definition_check(definition)


def test_per_child_questions_repeat_for_each_child_and_question_8_only_for_daycare_children():
    walk = Walk(national(), child_labels=["Alma", "Bo"])
    answers = {"q4_b1": "yes", "q4_b2": "no"}
    fields = [item.field for item in walk.items(answers, page=3)]
    assert fields == ["q5_b1", "q5_b2", "q6_b1", "q6_b2", "q7", "q8_b1"]
    labels = [item.child_label for item in walk.items(answers, page=3)]
    assert labels[:2] == ["Alma", "Bo"]


def test_question_8_is_not_asked_when_no_child_attended_daycare():
    walk = Walk(national(), child_labels=["Alma"])
    fields = [item.field for item in walk.items({"q4_b1": "no"}, page=3)]
    assert fields == ["q5_b1", "q6_b1", "q7"]


def test_open_link_repeats_per_child_questions_as_many_times_as_the_parent_said():
    walk = Walk(national())
    assert [item.child_label for item in walk.items({"q3": "3"}, page=2)] == ["Barn 1", "Barn 2", "Barn 3"]
    assert len(walk.items({}, page=2)) == 1


def test_an_invitation_prefills_question_3_with_the_registered_children_and_follows_the_parents_answer():
    walk = Walk(national(), child_labels=["Alma", "Bo"])
    assert walk.prefilled({}) == {"q3": "2"}
    assert walk.prefilled({"q3": "1"}) == {"q3": "1"}  # her own answer stays
    # She had one child aged 0-2 at the start (Bo came later): the questions are asked for Alma only,
    # and nothing is stored for Bo.
    assert [item.child_label for item in walk.items({"q3": "1"}, page=2)] == ["Alma"]
    assert [item.child_label for item in walk.items({"q3": "3"}, page=2)] == ["Alma", "Bo", "Barn 3"]
    assert [item.child_label for item in walk.items({}, page=2)] == ["Alma", "Bo"]


def test_question_3_is_bounded_to_1_to_6_whatever_is_posted():
    walk = Walk(national())
    assert len(walk.items({"q3": "40"}, page=2)) == 6
    assert len(walk.items({"q3": "0"}, page=2)) == 1
    assert len(walk.items({"q3": "to"}, page=2)) == 1
    assert Walk(national()).prefilled({}) == {}  # the open link knows no children: nothing filled in


def test_same_page_condition_is_left_to_the_browser_when_rendering_but_decided_when_checking():
    walk = Walk(ishoej())
    assert "q2" in [item.field for item in walk.items({}, page=1)]
    assert "q2" not in [item.field for item in walk.items({"q1": "no"}, page=1, same_page_conditions=False)]
    assert "q2" in [item.field for item in walk.items({"q1": "yes"}, page=1, same_page_conditions=False)]


@pytest.mark.parametrize(
    "rating, positive, asks",
    [
        ("1", True, True),
        ("2", True, True),
        ("3", True, False),
        ("1", False, False),
        ("10", True, False),
    ],
)
def test_low_rating_among_positive_answers_asks_for_confirmation(rating, positive, asks):
    walk = Walk(national(), child_labels=["Alma", "Bo"])
    answers = {**POSITIVE_TWO_CHILDREN, "q9": rating}
    if not positive:
        answers["q7"] = "disagree"
    assert (walk.rating_needs_confirmation(answers) is not None) == asks


def test_dont_know_does_not_make_answers_negative_but_all_dont_know_asks_nothing():
    walk = Walk(national(), child_labels=["Alma"])
    answers = {"q4_b1": "no", "q5_b1": "dont_know", "q6_b1": "agree", "q7": "agree", "q9": "1"}
    assert walk.rating_needs_confirmation(answers) is not None
    answers.update({"q6_b1": "dont_know", "q7": "dont_know", "q9": "1"})
    assert walk.rating_needs_confirmation(answers) is None


def test_a_municipalitys_variant_with_a_number_question_checks_the_range_in_danish():
    from surveys.forms import PageForm
    from surveys.loading import definition_install

    variant = definition_install(
        {
            "key": "svendborg",
            "version": 1,
            "title": "Svendborgs spørgeskema",
            "questions": [
                {
                    "number": "1",
                    "text": "Hvor mange besøg husker du?",
                    "kind": "number",
                    "scale_min": 0,
                    "scale_max": 60,
                }
            ],
        }
    )
    walk = Walk(variant)
    items = walk.items({}, page=1)
    assert not PageForm(data={"q1": "61"}, items=items).is_valid()
    assert PageForm(data={"q1": "61"}, items=items).errors["q1"] == ["Skriv et tal på højst 60."]
    assert PageForm(data={"q1": "mange"}, items=items).errors["q1"] == ["Skriv et helt tal."]
    assert PageForm(data={"q1": "12"}, items=items).is_valid()
