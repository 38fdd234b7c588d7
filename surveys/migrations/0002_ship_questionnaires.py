"""Ship the national parent questionnaire (Bilag 8) and the Ishøj questionnaire as data."""

from django.db import migrations

from surveys.loading import shipped_install


def install(apps, schema_editor):
    shipped_install(
        Questionnaire=apps.get_model("surveys", "Questionnaire"), Question=apps.get_model("surveys", "Question")
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
