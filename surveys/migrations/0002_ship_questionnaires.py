"""Ship the national parent questionnaire (Bilag 8) and the Ishøj questionnaire as data."""

from django.db import migrations

from surveys.loading import definition_install, definition_read


def install(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Question = apps.get_model("surveys", "Question")
    for name in ("national-v1.json", "ishoej-v1.json"):
        definition_install(definition_read(name), Questionnaire=Questionnaire, Question=Question)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
