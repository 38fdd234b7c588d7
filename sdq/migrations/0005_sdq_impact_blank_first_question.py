"""Impact scores stored before the blank-gate rule: where the supplement's first question was
left blank but areas were answered, impact is the sum of the areas (youthinmind's official
syntax), as `sdq.scoring.impact_score` now computes on every save. The rule is written out here,
not imported, so this migration keeps meaning what it meant."""

from django.db import migrations

POINTS = {0: 0, 1: 0, 2: 1, 3: 2}
AREAS = {
    "parent": ("impact_distress", "impact_home_life", "impact_friendships", "impact_learning", "impact_leisure"),
    "staff": ("impact_distress", "impact_friendships", "impact_learning"),
}


def impact_recompute(apps, schema_editor):
    Measurement = apps.get_model("sdq", "Measurement")
    changed = []
    for measurement in Measurement.objects.filter(impact_difficulties__isnull=True, score_impact__isnull=True):
        answered = [getattr(measurement, field) for field in AREAS[measurement.informant]]
        answered = [answer for answer in answered if answer is not None]
        if answered:
            measurement.score_impact = sum(POINTS[answer] for answer in answered)
            changed.append(measurement)
    Measurement.objects.bulk_update(changed, ["score_impact"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("sdq", "0004_sdq_norm_set_owner")]

    operations = [migrations.RunPython(impact_recompute, migrations.RunPython.noop)]
