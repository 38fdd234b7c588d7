from django.db import migrations

from families.consent_texts import shipped_install


def install(apps, schema_editor):
    shipped_install(apps.get_model("families", "ConsentText"))


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0003_consent"),
    ]

    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
