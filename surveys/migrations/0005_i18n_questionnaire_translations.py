"""Questionnaires in other languages than Danish: the translation table, the language a draft
is answered in, and English shipped for the national and the Ishøj questionnaires."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from surveys.loading import shipped_translations_install


def install(apps, schema_editor):
    shipped_translations_install(
        Questionnaire=apps.get_model("surveys", "Questionnaire"),
        QuestionnaireTranslation=apps.get_model("surveys", "QuestionnaireTranslation"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0005_lang_authority_name"),
        ("surveys", "0004_remind_invitation_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="draft",
            name="language",
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.CreateModel(
            name="QuestionnaireTranslation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("language", models.CharField(max_length=12, verbose_name="language")),
                ("texts", models.JSONField(default=dict, verbose_name="texts")),
                ("translator", models.CharField(max_length=200, verbose_name="translated by")),
                ("reviewed_on", models.DateField(blank=True, null=True, verbose_name="reviewed")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="created")),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="questionnaire_translations",
                        to="organisation.municipality",
                        verbose_name="municipality",
                    ),
                ),
                (
                    "questionnaire",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="translations",
                        to="surveys.questionnaire",
                        verbose_name="questionnaire",
                    ),
                ),
            ],
            options={
                "verbose_name": "questionnaire translation",
                "verbose_name_plural": "questionnaire translations",
                "ordering": ["questionnaire", "language"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("municipality__isnull", True)),
                        fields=("questionnaire", "language"),
                        name="questionnaire_translation_shipped_once",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("municipality__isnull", False)),
                        fields=("questionnaire", "language", "municipality"),
                        name="questionnaire_translation_once_per_municipality",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("language", "da"), _negated=True),
                        name="questionnaire_translation_not_source",
                    ),
                ],
            },
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
