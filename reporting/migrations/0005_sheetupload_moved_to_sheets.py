"""SheetUpload moved to the sheets app (sheets/0001). State only: the table and its rows stay
where they are, under their old name `reporting_sheetupload`."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_course_visit_totals_lateral"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SheetUpload")],
            database_operations=[],
        ),
    ]
