"""The published UK four-band cut-offs for the 2–4 version, shipped as the default norm set.

Source: youthinmind, "Scoring the Strengths & Difficulties Questionnaire for 2-4 year olds"
(sdqinfo.org, the 2–4 scoring note of 06 October 2015), Table 3: "the provisional proposed
banding of SDQ scores for 2-4 year olds", from large UK population surveys, in the four bands of
the 4–17 set (close to average / slightly raised / high / very high; for prosocial: close to
average / slightly lowered / low / very low).
The 2–4 items are scored exactly as the 4–17 ones (the note says so), only the bands differ.

Where the numbers were checked (the library's search, 2026-12-03):
* parent, where the bands begin: the UK 2–4 three-band thresholds (borderline from 13 total,
  3 emotional, 4 conduct, 6 hyperactivity, 3 peer, 6 and below prosocial; abnormal from 16,
  4, 5, 7, 4, 5 and below) in Table 2 of "Use of the Strengths and Difficulties Questionnaire
  in child and school health services among children aged 4 and 6 years in Southern Norway",
  BMC Pediatrics 2023 (doi:10.1186/s12887-023-03837-1). Close to average ends where
  borderline begins, high begins where abnormal begins: the same limits here.
* parent, where very high begins (19 total, 5 emotional, 6 conduct, 8 hyperactivity, 5 peer,
  4 and below prosocial): NOT CONFIRMED. The library holds the note's first page only (up to
  its Table 1, ja.scribd.com/document/393528900/SDQ-English-UK-2-4scoring), and no second source
  was found; these are the limits as recalled from the note: check them against its Table 3
  before relying on the split between high and very high.
* teacher (used for daycare staff): the 4–17 teacher-completed bands, which the library
  confirms (Table 1 of PMC4830858, from sdqinfo.org's b3 scoring page): 0–11 / 12–15 / 16–18 /
  19–40 total, and so on below. No 2–4-specific teacher limits were found in the library;
  should the note's Table 3 differ, a corrected set is loaded from CSV ("Indlæs et normsæt fra
  CSV", `sdq_norm_set_import`).
* impact: 0 / 1 / 2 / 3+ (parent up to 10, staff up to 6), as for 4–17.

The set also holds the 4–17 cut-offs of migration 0002 (unchanged), so a municipality banding
by it has norms for every child; it becomes the default set, since the target group (0–36
months at the referral) is measured with the 2–4 version. Municipalities that chose a set keep it.
"""

import importlib

from django.db import migrations

NAME = "UK fire-bånds-inddeling (sdqinfo.org), 2–4 og 4–17 år"
SOURCE = (
    "youthinmind: “Scoring the Strengths & Difficulties Questionnaire for 2-4 year olds” "
    "(sdqinfo.org, 06.10.2015), tabel 3: den foreløbige fire-bånds-inddeling for 2–4-årige "
    "(close to average / slightly raised / high / very high), britiske befolkningsundersøgelser; "
    "forældreudgaven; for pædagoger lærerudgavens grænser, de samme som for 4–17 år. "
    "For 4–17-års-udgaven: youthinmind: “Scoring the Strengths & Difficulties Questionnaire for "
    "age 4-17”, sdqinfo.org, samme inddeling. Britiske normer, ikke danske: en kommune med licens "
    "til de danske normer (Arnfred m.fl. 2019) kan indlæse dem som sit eget normsæt."
)

BANDS = ("close_to_average", "slightly_raised", "high", "very_high")

# (scale, the four bands as (lowest, highest)), in band order.
UK_2_4 = {
    "parent": {
        "total": ((0, 12), (13, 15), (16, 18), (19, 40)),
        "emotional": ((0, 2), (3, 3), (4, 4), (5, 10)),
        "conduct": ((0, 3), (4, 4), (5, 5), (6, 10)),
        "hyperactivity": ((0, 5), (6, 6), (7, 7), (8, 10)),
        "peer": ((0, 2), (3, 3), (4, 4), (5, 10)),
        "prosocial": ((7, 10), (6, 6), (5, 5), (0, 4)),
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


def _rows(NormCutoff, norm_set, version, table):
    return [
        NormCutoff(
            norm_set=norm_set,
            informant=informant,
            version=version,
            scale=scale,
            band=band,
            lowest=lowest,
            highest=highest,
        )
        for informant, scales in table.items()
        for scale, ranges in scales.items()
        for band, (lowest, highest) in zip(BANDS, ranges)
    ]


def add_uk_2_4_set(apps, schema_editor):
    NormSet = apps.get_model("sdq", "NormSet")
    NormCutoff = apps.get_model("sdq", "NormCutoff")
    uk_4_17 = importlib.import_module("sdq.migrations.0002_uk_four_band_norm_set").UK_4_17
    NormSet.objects.filter(is_default=True).update(is_default=False)
    norm_set = NormSet.objects.create(name=NAME, source=SOURCE, is_default=True)
    NormCutoff.objects.bulk_create(
        [*_rows(NormCutoff, norm_set, "2_4", UK_2_4), *_rows(NormCutoff, norm_set, "4_17", uk_4_17)]
    )


def remove_uk_2_4_set(apps, schema_editor):
    NormSet = apps.get_model("sdq", "NormSet")
    NormSet.objects.filter(name=NAME).delete()
    old = importlib.import_module("sdq.migrations.0002_uk_four_band_norm_set").NAME
    NormSet.objects.filter(name=old).update(is_default=True)


class Migration(migrations.Migration):
    dependencies = [("sdq", "0002_uk_four_band_norm_set")]

    operations = [migrations.RunPython(add_uk_2_4_set, remove_uk_2_4_set)]
