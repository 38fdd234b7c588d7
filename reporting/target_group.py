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

from django.db.models import Count, Exists

from reporting.selectors import Cohort, cohort_courses, revisions_until
from visitation.models import ReferralRevision


def target_group_counts(cohort: Cohort, *, unrevised: dict | None = None) -> dict:
    """{(municipality_id, complexity, section_52_decided): count} over the cohort, each course with
    its assessment as revised up to the period's end; imported courses (no referral) come as
    (municipality_id, None, None). Two queries: the courses never revised counted by their
    referral's values in SQL (an anti-join), and the revisions of the few that were, the latest
    of each taken here, instead of two subqueries for every course of the cohort. The report
    passes the first as `unrevised`, counted in the scan of `selectors.category_counts`."""
    courses = cohort_courses(cohort)
    counts = Counter()
    if unrevised is None:
        rows = (
            courses.filter(~Exists(revisions_until(cohort)))
            .order_by()
            .values("municipality_id", "referral__complexity", "referral__section_52_decided")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            key = (row["municipality_id"], row["referral__complexity"], row["referral__section_52_decided"])
            counts[key] += row["n"]
    else:
        counts.update(unrevised)
    revisions = (
        ReferralRevision.objects.filter(referral__course__in=courses, on__lte=cohort.end)
        .order_by("referral_id", "on", "pk")
        .values_list("referral_id", "referral__course__municipality_id", "complexity", "section_52_decided")
    )
    latest = {}
    for referral_id, municipality_id, complexity, section_52 in revisions:
        latest[referral_id] = (municipality_id, complexity, section_52)  # ordered: the last is the latest
    counts.update(latest.values())
    return dict(counts)


def revised_course_count(cohort: Cohort) -> int:
    """How many of the cohort's courses are counted with a revised assessment."""
    return cohort_courses(cohort).filter(Exists(revisions_until(cohort))).count()
