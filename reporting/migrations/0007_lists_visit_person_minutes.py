"""The visits per course view gains `person_minutes`: each held visit's minutes once per home
educator present (twice when the course's second educator took part), for the cost (Tabel 5.4),
and `paired_visits`, the held visits by two.
`minutes` stays the family's time with the educators (Tabel 5.2). An imported course has no
record of who took part: its sheet's minutes count once.

The view is dropped and made again on both databases: SQLite has no CREATE OR REPLACE VIEW."""

from django.db import migrations, models

PERSON_MINUTES = "SUM(duration_minutes * (CASE WHEN second_educator_present THEN 2 ELSE 1 END))"
PAIRED = "SUM(CASE WHEN second_educator_present THEN 1 ELSE 0 END)"

LATERAL_VIEW = f"""
CREATE VIEW reporting_course_visit_totals AS
SELECT c.id AS course_id,
       CASE WHEN c.source = 'import' THEN c.imported_visit_count ELSE v.visits END AS visits,
       CASE WHEN c.source = 'import' THEN c.imported_visit_minutes ELSE v.minutes END AS minutes,
       CASE WHEN c.source = 'import' THEN c.imported_visit_minutes ELSE v.person_minutes END AS person_minutes,
       CASE WHEN c.source = 'import' THEN NULL ELSE v.paired_visits END AS paired_visits
FROM courses_course c
CROSS JOIN LATERAL (
    SELECT COUNT(*) AS visits, COALESCE(SUM(duration_minutes), 0) AS minutes,
           COALESCE({PERSON_MINUTES}, 0) AS person_minutes, COALESCE({PAIRED}, 0) AS paired_visits
    FROM courses_visit
    WHERE course_id = c.id AND status = 'held'
) v
"""

GROUPED_VIEW = f"""
CREATE VIEW reporting_course_visit_totals AS
SELECT c.id AS course_id,
       CASE WHEN c.source = 'import' THEN c.imported_visit_count ELSE COALESCE(v.visits, 0) END AS visits,
       CASE WHEN c.source = 'import' THEN c.imported_visit_minutes ELSE COALESCE(v.minutes, 0) END AS minutes,
       CASE WHEN c.source = 'import' THEN c.imported_visit_minutes ELSE COALESCE(v.person_minutes, 0) END
           AS person_minutes,
       CASE WHEN c.source = 'import' THEN NULL ELSE COALESCE(v.paired_visits, 0) END AS paired_visits
FROM courses_course c
LEFT JOIN (
    SELECT course_id, COUNT(*) AS visits, SUM(duration_minutes) AS minutes,
           {PERSON_MINUTES} AS person_minutes, {PAIRED} AS paired_visits
    FROM courses_visit
    WHERE status = 'held'
    GROUP BY course_id
) v ON v.course_id = c.id
"""

# Migrations 0003 (SQLite) and 0004 (PostgreSQL), for going back.
OLD_LATERAL_VIEW = """
CREATE VIEW reporting_course_visit_totals AS
SELECT c.id AS course_id,
       CASE WHEN c.source = 'import' THEN c.imported_visit_count ELSE v.visits END AS visits,
       CASE WHEN c.source = 'import' THEN c.imported_visit_minutes ELSE v.minutes END AS minutes
FROM courses_course c
CROSS JOIN LATERAL (
    SELECT COUNT(*) AS visits, COALESCE(SUM(duration_minutes), 0) AS minutes
    FROM courses_visit
    WHERE course_id = c.id AND status = 'held'
) v
"""

OLD_GROUPED_VIEW = """
CREATE VIEW reporting_course_visit_totals AS
SELECT c.id AS course_id,
       CASE WHEN c.source = 'import' THEN c.imported_visit_count ELSE COALESCE(v.visits, 0) END AS visits,
       CASE WHEN c.source = 'import' THEN c.imported_visit_minutes ELSE COALESCE(v.minutes, 0) END AS minutes
FROM courses_course c
LEFT JOIN (
    SELECT course_id, COUNT(*) AS visits, SUM(duration_minutes) AS minutes
    FROM courses_visit
    WHERE status = 'held'
    GROUP BY course_id
) v ON v.course_id = c.id
"""


def _replace(schema_editor, *, lateral: str, grouped: str) -> None:
    schema_editor.execute("DROP VIEW IF EXISTS reporting_course_visit_totals")
    schema_editor.execute(lateral if schema_editor.connection.vendor == "postgresql" else grouped)


def forwards(apps, schema_editor):
    _replace(schema_editor, lateral=LATERAL_VIEW, grouped=GROUPED_VIEW)


def backwards(apps, schema_editor):
    _replace(schema_editor, lateral=OLD_LATERAL_VIEW, grouped=OLD_GROUPED_VIEW)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0016_lists_local_methods_paired_visits"),
        ("reporting", "0006_form_key"),
    ]
    operations = [
        migrations.RunPython(forwards, backwards),
        # The unmanaged model gains the column (state only: the view above is the table).
        migrations.AddField(
            model_name="coursevisittotals",
            name="person_minutes",
            field=models.IntegerField(null=True),
        ),
        migrations.AddField(
            model_name="coursevisittotals",
            name="paired_visits",
            field=models.IntegerField(null=True),
        ),
    ]
