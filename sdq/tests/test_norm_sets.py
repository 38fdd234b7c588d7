"""The shipped UK 2–4 norm set against the published cut-offs the library holds.

The UK 2–4 parent thresholds (youthinmind, through Table 2 of BMC Pediatrics 2023,
doi:10.1186/s12887-023-03837-1, "UK 2–4/4–17 years"): borderline from 13 total, 3 emotional,
4 conduct, 6 hyperactivity, 3 peer and 6 and below prosocial; abnormal from 16, 4, 5, 7, 4 and
5 and below. In the four bands, "slightly raised" begins at the borderline and "high" at the
abnormal threshold. Where "very high" begins, and the 2–4 teacher limits, no source in the
library confirms (sdq/migrations/0003_sdq_uk_2_4_set.py says so); they are not tested here."""

import pytest

from sdq.models import NormCutoff, NormSet

pytestmark = pytest.mark.django_db

# scale: (where slightly raised begins, where high begins); prosocial counts down.
PUBLISHED_PARENT_2_4 = {
    "total": (13, 16),
    "emotional": (3, 4),
    "conduct": (4, 5),
    "hyperactivity": (6, 7),
    "peer": (3, 4),
    "prosocial": (6, 5),
}


def test_the_default_norm_sets_parent_2_4_bands_begin_at_the_published_thresholds():
    norm_set = NormSet.objects.get(is_default=True)
    cutoffs = NormCutoff.objects.filter(norm_set=norm_set, informant="parent", version="2_4", sex="")
    bands = {(c.scale, c.band): (c.lowest, c.highest) for c in cutoffs}
    for scale, (borderline, abnormal) in PUBLISHED_PARENT_2_4.items():
        slightly, high = bands[(scale, "slightly_raised")], bands[(scale, "high")]
        if scale == "prosocial":
            assert (slightly[1], high[1]) == (borderline, abnormal), scale
        else:
            assert (slightly[0], high[0]) == (borderline, abnormal), scale
