"""The published UK four-band cut-offs for the 4–17 version, as the default norm set.

Source: youthinmind, "Scoring the Strengths & Difficulties Questionnaire for age 4-17"
(sdqinfo.org), the four-band categorisation (close to average / slightly raised / high /
very high; for prosocial: close to average / slightly lowered / low / very low).

The set covers the 4–17 version only. The separate 2–4 scoring note's provisional banding is
not included: an administrator can add it, or Danish norms, as a norm set of its own.
"""

from django.db import migrations

NAME = "UK fire-bånds-inddeling (sdqinfo.org), 4–17 år"
SOURCE = (
    "youthinmind: “Scoring the Strengths & Difficulties Questionnaire for age 4-17”, sdqinfo.org, "
    "fire-bånds-inddelingen (close to average / slightly raised / high / very high), britiske normer. "
    "Dækker kun 4–17-års-udgaven, forældre- og lærer-/pædagogudgaven. Indeholder ingen "
    "grænseværdier for 2–4-års-udgaven: her vises ingen norm."
)

BANDS = ("close_to_average", "slightly_raised", "high", "very_high")

# (scale, the four bands as (lowest, highest)), in band order.
UK_4_17 = {
    "parent": {
        "total": ((0, 13), (14, 16), (17, 19), (20, 40)),
        "emotional": ((0, 3), (4, 4), (5, 6), (7, 10)),
        "conduct": ((0, 2), (3, 3), (4, 5), (6, 10)),
        "hyperactivity": ((0, 5), (6, 7), (8, 8), (9, 10)),
        "peer": ((0, 2), (3, 3), (4, 4), (5, 10)),
        "prosocial": ((8, 10), (7, 7), (6, 6), (0, 5)),
        "impact": ((0, 0), (1, 1), (2, 2), (3, 10)),
    },
    # The teacher-completed cut-offs, used for daycare staff.
    "staff": {
        "total": ((0, 11), (12, 15), (16, 18), (19, 40)),
        "emotional": ((0, 3), (4, 4), (5, 5), (6, 10)),
        "conduct": ((0, 2), (3, 3), (4, 4), (5, 10)),
        "hyperactivity": ((0, 5), (6, 7), (8, 8), (9, 10)),
        "peer": ((0, 2), (3, 4), (5, 5), (6, 10)),
        "prosocial": ((6, 10), (5, 5), (4, 4), (0, 3)),
        "impact": ((0, 0), (1, 1), (2, 2), (3, 6)),
    },
}


def add_uk_set(apps, schema_editor):
    NormSet = apps.get_model("sdq", "NormSet")
    NormCutoff = apps.get_model("sdq", "NormCutoff")
    norm_set = NormSet.objects.create(name=NAME, source=SOURCE, is_default=True)
    NormCutoff.objects.bulk_create(
        NormCutoff(
            norm_set=norm_set,
            informant=informant,
            version="4_17",
            scale=scale,
            band=band,
            lowest=lowest,
            highest=highest,
        )
        for informant, scales in UK_4_17.items()
        for scale, ranges in scales.items()
        for band, (lowest, highest) in zip(BANDS, ranges)
    )


def remove_uk_set(apps, schema_editor):
    apps.get_model("sdq", "NormSet").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("sdq", "0001_initial")]

    operations = [migrations.RunPython(add_uk_set, remove_uk_set)]
