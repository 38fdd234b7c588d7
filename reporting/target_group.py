"""Reads for the report's target-group table: complexity and § 52 per course, as revised.

Which value a report counts: the assessment **as revised** up to the end of the report's period
(`visitation.ReferralRevision`, the latest dated on or before it), falling back on the value at the
referral. The table describes whom the courses served. The referral's value is the first
assessment, made before anyone had been in the home; the national evaluation found that how
complex a family's challenges are often shows only once the course is under way, and a § 52
decision taken during the course takes the family out of the model's target group. A revision
is the coordinator's justified new assessment of the same family, so it is the better answer to
"whom did the courses serve". Revisions stop at closure (`visitation.services.revisions`), so a
closed course is counted with its final assessment. The intake decision itself keeps reading the
referral's values (`Referral.needs_justification`): that is what it was made on. The table's note
says how many courses were counted with a revised value.
"""

from collections import Counter

from django.db.models import Count

from reporting.selectors import Cohort, cohort_courses
from visitation.models import ReferralRevision


def target_group_counts(cohort: Cohort, *, at_referral: dict | None = None) -> tuple[dict, int]:
    """({(municipality_id, complexity, section_52_decided): count}, revised) over the cohort, each
    course with its assessment as revised up to the period's end, and how many courses were
    counted with a revised one; imported courses (no referral) come as (municipality_id, None,
    None). Two queries instead of two subqueries for every course of the cohort: every course
    counted by its referral's values in SQL, and the revisions of the few that were revised,
    each such course then moved from its referral's values to its latest revision's. The report
    passes the first as `at_referral`, counted in the scan of `selectors.category_counts`."""
    courses = cohort_courses(cohort)
    if at_referral is None:
        rows = (
            courses.order_by()
            .values("municipality_id", "referral__complexity", "referral__section_52_decided")
            .annotate(n=Count("pk"))
        )
        at_referral = {
            (row["municipality_id"], row["referral__complexity"], row["referral__section_52_decided"]): row["n"]
            for row in rows
        }
    revisions = (
        ReferralRevision.objects.filter(referral__course__in=courses, on__lte=cohort.end)
        .order_by("referral_id", "on", "pk")
        .values_list(
            "referral_id",
            "referral__course__municipality_id",
            "referral__complexity",
            "referral__section_52_decided",
            "complexity",
            "section_52_decided",
        )
    )
    latest = {}
    for referral_id, municipality_id, complexity_then, section_52_then, complexity, section_52 in revisions:
        # Ordered: the last is the latest.
        latest[referral_id] = (
            (municipality_id, complexity_then, section_52_then),
            (municipality_id, complexity, section_52),
        )
    counts = Counter(at_referral)
    for at_the_referral, revised in latest.values():
        counts[at_the_referral] -= 1
        counts[revised] += 1
    return {key: n for key, n in counts.items() if n}, len(latest)
