"""A municipality adds a language by uploading a translation file; an incomplete one is refused in Danish."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hjemmepaed.audit.models import AuditEvent
from hjemmepaed.organisation.models import Role
from hjemmepaed.organisation.tests.factories import MunicipalityFactory, user_for_role
from surveys.models import Questionnaire, QuestionnaireTranslation
from surveys.translation_files import MAX_BYTES, source_xliff, translation_file_read
from surveys.translations import PLACEHOLDER, file_source_texts, translation_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def national():
    return Questionnaire.objects.get(key="national", version=1)


def source_rows(client, questionnaire):
    response = client.get(reverse("translation_source_download", args=[questionnaire.pk, "csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="oversaettelse-national-v1.csv"'
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def filled_csv(rows, *, leave_out=()) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(rows[0])
    for key, source, _empty in rows[1:]:
        writer.writerow([key, source, "" if key in leave_out else f"[ar] {source}"])
    return out.getvalue().encode("utf-8")


def upload(client, questionnaire, content: bytes, name="oversaettelse.csv", language="ar"):
    data = {
        "questionnaire": questionnaire.pk,
        "language": language,
        "translator": "Tolkebureauet A/S",
        "reviewed": "on",
        "file": SimpleUploadedFile(name, content),
    }
    return client.post(reverse("survey_translations"), data)


def test_the_source_file_lists_every_danish_text_with_an_empty_translation(client, coordinator, national):
    client.force_login(coordinator)
    rows = source_rows(client, national)
    assert rows[0] == ["key", "source", "translation"]
    assert ["q5.text", national.questions.get(number="5").text, ""] in rows
    assert ["q1.choice.mother", "Mor", ""] in rows and not any(row[0] == "q3.choice.1" for row in rows)
    assert [row[0] for row in rows[1:]] == list(file_source_texts(national))
    # The page's own texts come after the questionnaire's, each with its Danish text and placeholders.
    assert ["ui.next", "Næste", ""] in rows and ["ui.progress", "Side %(page)s af %(page_count)s", ""] in rows


def test_a_manager_adds_arabic_and_only_her_municipalitys_parents_may_choose_it(client, coordinator, national):
    manager = user_for_role(Role.MANAGER, municipality=coordinator.municipality)
    client.force_login(manager)
    response = upload(client, national, filled_csv(source_rows(client, national)))
    assert response.status_code == 302
    translation = QuestionnaireTranslation.objects.get(language="ar")
    assert translation.municipality == coordinator.municipality and translation.translator == "Tolkebureauet A/S"
    assert translation.reviewed_on is not None and translation.texts["q1.choice.mother"] == "[ar] Mor"
    event = AuditEvent.objects.filter(object_type="questionnaire_translation").get()
    assert (event.action, event.object_id, event.actor_id) == ("create", str(translation.pk), manager.pk)
    content = client.get(reverse("survey_translations")).content.decode()
    assert "Arabisk" in content and "Tolkebureauet A/S" in content

    from surveys.language_choice import languages_offered

    own, _ = languages_offered(questionnaire=national, municipality=coordinator.municipality)
    other, _ = languages_offered(questionnaire=national, municipality=MunicipalityFactory())
    assert [language.code for language in own] == ["da", "ar", "en"]
    assert [language.code for language in other] == ["da", "en"]


def test_an_incomplete_file_is_refused_in_danish_and_nothing_is_stored(client, coordinator, national):
    client.force_login(coordinator)
    rows = source_rows(client, national)
    response = upload(client, national, filled_csv(rows, leave_out=("q5.text", "q1.choice.mother", "intro")))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Oversættelsen mangler teksten til spørgsmål 5." in content
    assert "Oversættelsen mangler teksten til svaret „Mor“ til spørgsmål 1." in content
    assert "Oversættelsen mangler teksten til introduktionen." in content
    assert not QuestionnaireTranslation.objects.filter(language="ar").exists()
    assert not AuditEvent.objects.filter(object_type="questionnaire_translation").exists()


def test_a_file_for_changed_danish_texts_or_another_questionnaire_is_refused(client, coordinator, national):
    client.force_login(coordinator)
    rows = source_rows(client, national)
    rows = [row if row[0] != "q2.text" else [row[0], "Bor du alene?", ""] for row in rows]
    rows.append(["q11.text", "Et spørgsmål mere?", ""])
    content = upload(client, national, filled_csv(rows)).content.decode()
    assert "Den danske tekst til spørgsmål 2 er ændret, siden filen blev lavet." in content
    assert "Filen har en tekst til „q11.text“, som spørgeskemaet ikke har." in content
    assert not QuestionnaireTranslation.objects.filter(language="ar").exists()


def test_a_placeholder_that_differs_is_refused():
    source = {"intro": "Kære forælder i {kommune}", "q1.text": "Er du?"}
    problems = translation_problems(source, {"intro": "Dear parent in {municipality}", "q1.text": "Are you?"})
    assert problems == ["Pladsholderne i introduktionen er ikke de samme som i den danske tekst ({kommune})."]
    assert translation_problems(source, {"intro": "Dear parent in {kommune}", "q1.text": "Are you?"}) == []


def test_an_xliff_file_adds_the_language(client, coordinator, national):
    client.force_login(coordinator)
    xliff = client.get(reverse("translation_source_download", args=[national.pk, "xlf"])).content
    read = translation_file_read(name="kilde.xlf", content=xliff)
    assert read.sources == file_source_texts(national)
    filled = source_xliff(read.sources, original="national-v1").decode()  # the translator fills in each target
    filled = re.sub(  # each target filled in, the source's placeholders kept
        r"<source>(.*?)</source>(\s*)<target />",
        lambda match: (
            f"<source>{match[1]}</source>{match[2]}<target>مرحبا {' '.join(PLACEHOLDER.findall(match[1]))}</target>"
        ),
        filled,
        flags=re.S,
    ).replace('source-language="da"', 'source-language="da" target-language="ar"')
    response = upload(client, national, filled.encode(), name="oversaettelse.xlf")
    assert response.status_code == 302
    assert QuestionnaireTranslation.objects.get(language="ar").texts["q5.text"] == "مرحبا"
    response = upload(client, national, filled.encode(), name="oversaettelse.xlf", language="fa")
    assert "Filen er en oversættelse til „ar“, ikke til persisk." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bombe.xlf",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xliff version="1.2">&a;</xliff>',
            "XLIFF-filen må ikke indeholde en dokumenttype (DOCTYPE) eller entiteter.",
        ),
        ("ikke.xlf", b"<xliff version='1.2'", "XLIFF-filen kunne ikke læses: den er ikke gyldig XML."),
        ("stor.csv", b"key,source,translation\n" + b"x" * MAX_BYTES, "Filen er for stor."),
        ("ark.xlsx", b"PK", "Upload en CSV-fil (.csv) eller en XLIFF-fil (.xlf eller .xliff)."),
        (
            "forkert.csv",
            b"noegle,dansk,oversat\n",
            "CSV-filens første række skal være kolonnerne key, source og translation.",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_in_danish(client, coordinator, national, name, content, message):
    client.force_login(coordinator)
    response = upload(client, national, content, name=name)
    assert response.status_code == 200 and message in response.content.decode()
    assert not QuestionnaireTranslation.objects.filter(language="ar").exists()


def test_a_home_educator_cannot_open_the_languages(client, educator):
    client.force_login(educator)
    assert client.get(reverse("survey_translations")).status_code == 403


def test_a_file_without_a_text_of_the_page_or_with_its_placeholders_changed_is_refused(client, coordinator, national):
    client.force_login(coordinator)
    rows = source_rows(client, national)
    response = upload(client, national, filled_csv(rows, leave_out=("ui.next", "ui.letter_title")))
    content = response.content.decode()
    assert "Oversættelsen mangler teksten til sideteksten „Næste“ (ui.next)." in content
    assert "Oversættelsen mangler teksten til sideteksten „Spørgeskema om jeres forløb med hjemmepædagogen“" in content
    rows = [row if row[0] != "ui.progress" else [*row[:2], "[ar] %(page)s"] for row in rows]
    out = io.StringIO()
    csv.writer(out).writerows(rows[:1] + [[k, s, t or f"[ar] {s}"] for k, s, t in rows[1:]])
    content = upload(client, national, out.getvalue().encode()).content.decode()
    assert (
        "Pladsholderne i sideteksten „Side %(page)s af %(page_count)s“ (ui.progress) er ikke de samme som i den "
        "danske tekst (%(page)s %(page_count)s)." in content
    )
    assert not QuestionnaireTranslation.objects.filter(language="ar").exists()
