"""The criterion as the audit log shows it, stored with each event so the log's search finds the
Danish words a coordinator reads ("samtykke", "Godkendt") and not only the stored codes.

Events written before this migration get the text here. The events themselves stay as they were:
only the new, derived column is filled. PostgreSQL refuses every UPDATE of an event (migration
0002), so the refusal is switched off for this migration's own transaction alone and switched on
again before it commits; if anything fails, the whole migration rolls back, the refusal included.
"""

from django.db import migrations, models

TABLE = "audit_auditevent"
TRIGGER = "audit_auditevent_no_update"
BATCH = 2000


def backfill(apps, schema_editor):
    from hjemmepaed.audit.criteria import criterion_search_text

    connection = schema_editor.connection
    postgresql = connection.vendor == "postgresql"
    texts = {}  # many events share a criterion ("phase started -> closed"): render each once
    last_id = 0
    with connection.cursor() as cursor:
        if postgresql:
            # ALTER TABLE refuses while deferred foreign-key checks of this transaction wait: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
        while True:
            cursor.execute(
                f"SELECT id, object_type, criterion FROM {TABLE} "  # noqa: S608
                "WHERE id > %s AND criterion <> '' ORDER BY id LIMIT %s",
                [last_id, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            last_id = rows[-1][0]
            updates = []
            for pk, object_type, criterion in rows:
                key = (object_type, criterion)
                if key not in texts:
                    texts[key] = criterion_search_text(object_type=object_type, criterion=criterion)
                if texts[key]:
                    updates.append((texts[key], pk))
            if len(texts) > 50_000:
                texts.clear()
            if updates:
                cursor.executemany(f"UPDATE {TABLE} SET criterion_text = %s WHERE id = %s", updates)  # noqa: S608
        if postgresql:
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="criterion_text",
            field=models.TextField(blank=True, editable=False, verbose_name="criterion as shown, for search"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
