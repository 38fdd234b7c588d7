from django.db import migrations, models

# The two Danish municipalities whose own name is not "<name> Kommune".
AUTHORITY_NAMES = {"København": "Københavns Kommune", "Bornholm": "Bornholms Regionskommune"}


def authority_names_fill(apps, schema_editor):
    Municipality = apps.get_model("organisation", "Municipality")
    for municipality in Municipality.objects.all():
        municipality.authority_name = AUTHORITY_NAMES.get(municipality.name, f"{municipality.name} Kommune")
        municipality.save(update_fields=["authority_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0004_roles_staff_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="authority_name",
            field=models.CharField(
                default="",
                help_text="E.g. “Københavns Kommune”, as on the municipality's own letters.",
                max_length=120,
                verbose_name="name as the municipality writes it",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(authority_names_fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="municipality",
            constraint=models.CheckConstraint(
                condition=models.Q(("authority_name", ""), _negated=True), name="municipality_authority_name_given"
            ),
        ),
    ]
