"""The report's figures against the hand SQL's: a few key numbers in full, the histograms as
a whole. Each check is (name, passed, detail)."""


def _days(value):
    """The selectors' averages of date differences are timedeltas; the hand SQL's are days."""
    return None if value is None else value.total_seconds() / 86400


def compare(cohort, sql: dict, result: dict) -> list[tuple[str, bool, str]]:
    """The selectors' figures (the report's input) against the hand SQL's, a few key numbers
    in full and the histograms as a whole."""
    from reporting import selectors

    def close(a, b):
        if a is None or b is None:
            return a is b
        return abs(float(a) - float(b)) < 1e-6

    checks = []
    total = sql["stats"][None]
    checks.append(
        (
            "cohort size (report)",
            result["cohort"]["courses"] == total["n"],
            f"{result['cohort']['courses']} / {total['n']}",
        )
    )
    figures = selectors.course_figures(cohort)  # what the report reads: size, visits, length
    size = figures
    checks.append(
        (
            "cohort size per municipality",
            all(size.get(m, {}).get("n") == row["n"] for m, row in sql["stats"].items()),
            "",
        )
    )
    for name in (
        "visits_mean",
        "visits_min",
        "visits_max",
        "visits_n",
        "hpv_mean",
        "hpv_min",
        "hpv_max",
        "hpv_n",
        "minutes_sum",
        "minutes_n",
    ):
        orm = figures[None][name]
        checks.append((f"{name} (total)", close(orm, total[name]), f"{orm} / {total[name]}"))
    checks.append(
        (
            "visit figures per municipality",
            all(
                close(figures[m][name], row[name])
                for m, row in sql["stats"].items()
                for name in ("visits_mean", "hpv_mean", "minutes_sum")
            ),
            "",
        )
    )
    found = selectors.days_visitation_to_start(cohort)
    wait, floor = found.stats[None], sql["wait"][None]
    length = {name: figures[None][f"length_{name}"] for name in ("mean", "n")}
    checks.append(
        (
            "days visitation to start, mean/min/max/N",
            close(_days(wait["mean"]), floor["mean"])
            and close(_days(wait["min"]), floor["min"])
            and close(_days(wait["max"]), floor["max"])
            and wait["n"] == floor["n"]
            and found.without_end == floor["without_end"]
            and found.visitation_after_start == floor["visitation_after_start"],
            f"{_days(wait['mean']):.4f} / {floor['mean']:.4f}",
        )
    )
    checks.append(
        (
            "course length, mean/min/max/N",
            close(_days(length["mean"]), total["length_mean"]) and length["n"] == total["length_n"],
            f"{_days(length['mean']):.4f} / {total['length_mean']:.4f}",
        )
    )
    categories = selectors.category_counts(cohort)
    checks.append(
        (
            "recruiter counts",
            categories["recruiter"] == sql["recruiter"],
            "",
        )
    )
    checks.append(
        (
            "closure answers (goals)",
            categories["goals"] == sql["goals"],
            "",
        )
    )
    checks.append(
        (
            "closure answers (child)",
            categories["child"] == sql["child"],
            "",
        )
    )
    for field in ("start_date", "end_date"):
        checks.append(
            (f"courses per year ({field})", selectors.courses_per_year(cohort, field=field) == sql[field], "")
        )
    for field in ("profession", "anchoring"):
        checks.append((f"educators by {field}", selectors.educators_by(cohort, field=field) == sql[field], ""))
    checks.append(("responses", selectors.response_counts(cohort) == sql["responses"], ""))
    checks.append(
        (
            "answer histograms",
            selectors.answer_counts(cohort, keys=("national", "ishoej")) == sql["answers"],
            f"{len(sql['answers'])} cells",
        )
    )
    return checks
