"""On PostgreSQL, the visits per course view counts each course's visits through the course_id
index (LATERAL) instead of grouping every visit of every course.

A report joins the view to its cohort (about a fifth of the courses of a year). PostgreSQL cannot
push the cohort into the old view's GROUP BY, so each of the report's two visit queries grouped
all 1,000,000 visits (about 1 s each, spilling to disk); with LATERAL it fetches only the cohort
courses' visits by index (about 0.2 s). Same columns, types and values (benchmarks/bench_report.py).
SQLite has no LATERAL and keeps the view of migration 0003.
"""

from django.db import migrations

LATERAL_VIEW = """
CREATE OR REPLACE VIEW reporting_course_visit_totals AS
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


# Migration 0003's view, for going back.
GROUPED_VIEW = """
CREATE OR REPLACE VIEW reporting_course_visit_totals AS
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


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LATERAL_VIEW)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GROUPED_VIEW)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0003_course_visit_totals")]
    operations = [migrations.RunPython(forwards, backwards)]
