"""Grouped aggregates per municipality with their total, in one query.

The total over all municipalities follows from the groups for every aggregate the reports use:
a count or a sum adds up, a minimum is the least of the minimums, a maximum the greatest, and a
mean is the groups' means weighted by how many values each had (a hidden count of the same
expression, with the same filter). So the total costs no second scan of the cohort. An
aggregate whose total does not follow (a DISTINCT count: one value may be in several groups)
gets its own ungrouped query, as before.
"""

from django.db.models import Avg, Count, Max, Min, QuerySet, Sum

TOTAL = None  # the key of the total over all municipalities


def _derivable(aggregate) -> bool:
    return isinstance(aggregate, Avg | Count | Max | Min | Sum) and not getattr(aggregate, "distinct", False)


def weight_name(name: str) -> str:
    return f"_values_of_{name}"


def _total(name: str, aggregate, groups: list[dict]):
    if isinstance(aggregate, Count):
        return sum(group[name] for group in groups)
    if isinstance(aggregate, Avg):
        weighted = [(group[name], group[weight_name(name)]) for group in groups if group[name] is not None]
        weighted = [(mean, n) for mean, n in weighted if n]
        if not weighted:
            return None
        first_mean, first_n = weighted[0]
        total = sum((mean * n for mean, n in weighted[1:]), first_mean * first_n)
        return total / sum(n for _mean, n in weighted)
    present = [group[name] for group in groups if group[name] is not None]
    if not present:
        return None
    if isinstance(aggregate, Sum):
        return sum(present[1:], present[0])
    return min(present) if isinstance(aggregate, Min) else max(present)


def weights(aggregates: dict) -> dict:
    """The hidden counts a mean's total needs, by name: {name: Count of the mean's expression}."""
    return {
        weight_name(name): Count(aggregate.get_source_expressions()[0], filter=aggregate.filter)
        for name, aggregate in aggregates.items()
        if _derivable(aggregate) and isinstance(aggregate, Avg)
    }


def grouped(queryset: QuerySet, **aggregates) -> dict:
    """{municipality_id: {name: value}} plus the total under TOTAL."""
    rows = {
        row.pop("municipality_id"): row
        for row in queryset.order_by().values("municipality_id").annotate(**aggregates, **weights(aggregates))
    }
    return with_total(rows, aggregates, queryset=queryset)


def with_total(rows: dict, aggregates: dict, *, queryset: QuerySet | None = None) -> dict:
    """`rows` ({municipality_id: {name: value}} with the `weights` of `aggregates`, as one query
    grouped by municipality gives them), the weights dropped and the total added under TOTAL,
    derived from the groups. An aggregate whose total does not follow is read ungrouped from
    `queryset`."""
    derived = {name: aggregate for name, aggregate in aggregates.items() if _derivable(aggregate)}
    groups = list(rows.values())
    total = {name: _total(name, aggregate, groups) for name, aggregate in derived.items()}
    others = {name: aggregate for name, aggregate in aggregates.items() if name not in derived}
    if others:
        total.update(queryset.order_by().aggregate(**others))
    hidden = weights(aggregates)
    for group in groups:
        for weight in hidden:
            del group[weight]
    rows[TOTAL] = {name: total[name] for name in aggregates}
    return rows
