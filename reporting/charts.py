"""The report's figures as inline SVG geometry, drawn by the project (no chart library, no fetch).

Two kinds, as in the evaluation: grouped bars (courses per municipality and year, Figur 3.1
and 3.2) and stacked shares (Figur 3.3 and 4.x: one bar of 100 % per municipality). A hidden
small cell ("<5") is never drawn with its size: it gets no bar, only the "<5" label.

A national report has a group or a bar per municipality (98 of them). WeasyPrint lays out every
SVG <text> on its own, and a figure cannot break across pages, so with many municipalities
(more than MANY) a figure is drawn lighter: the numbers are left to the table below it (no value
per bar or segment), grouped bars carry one upright label per municipality, and stacked shares
are drawn in compact rows, split into figures of at most ROWS_PER_FIGURE rows that follow each
other across pages.
"""

from reporting.formatting import SUPPRESSED, format_cell

CATEGORY_COLOURS = ["#0059b3", "#3d8bd9", "#8cc1f2", "#f0a35e", "#8e44ad", "#2e8540", "#6b6b6b"]
# Strongly agree … strongly disagree, don't know.
AGREEMENT_COLOURS = ["#00652e", "#5cb85c", "#bfbfbf", "#f0a35e", "#c0392b", "#7f7f7f"]

WIDTH = 640
LABEL_WIDTH = 150
MANY = 20
ROWS_PER_FIGURE = 45


def _legend(names: list[str], colours: list[str], top: float) -> list[dict]:
    items, x, y = [], 0.0, top
    for name, colour in zip(names, colours):
        width = 16 + 5.0 * len(name) + 14
        if x + width > WIDTH:
            x, y = 0.0, y + 18
        items.append({"x": x, "y": y, "colour": colour, "text": name, "text_x": x + 16, "text_y": y + 10})
        x += width
    return items


def grouped_bars(section: dict) -> dict:
    series = section["chart"]["series"]
    names = [section["columns"][1 + index] for index in series]
    rows = [row for row in section["rows"] if not row["total"]]
    colours = [CATEGORY_COLOURS[index % len(CATEGORY_COLOURS)] for index in range(len(series))]
    values = [
        cell["value"]
        for row in rows
        for cell in (row["cells"][i] for i in series)
        if not cell["suppressed"] and cell["value"] is not None
    ]
    top_value = max(values, default=0) or 1
    plot_height, plot_top = 180.0, 14.0
    group_width = (WIDTH - 40) / max(len(rows), 1)
    # The space between groups and between bars shrinks with the groups (98 leave about 6 units each).
    group_gap = min(16.0, group_width / 4)
    bar_width = min(28.0, (group_width - group_gap) / max(len(series), 1))
    bar_gap = min(2.0, bar_width / 5)
    many = len(rows) > MANY
    # A name wider than its group (about 5.5 units a character at font size 10) is set upright.
    upright = group_width < 5.5 * max((len(row["label"]) for row in rows), default=0)
    bars, groups = [], []
    for group_index, row in enumerate(rows):
        left = 40 + group_index * group_width + (group_width - bar_width * len(series)) / 2
        for position, index in enumerate(series):
            cell = row["cells"][index]
            value = 0 if cell["suppressed"] or cell["value"] is None else cell["value"]
            height = plot_height * value / top_value
            x = left + position * bar_width
            bars.append(
                {
                    "x": round(x, 2),
                    "y": round(plot_top + plot_height - height, 1),
                    "width": round(bar_width - bar_gap, 2),
                    "height": round(height, 1),
                    "colour": colours[position],
                    "label": "" if many else format_cell(cell),
                    "label_x": round(x + (bar_width - bar_gap) / 2, 1),
                    "label_y": round(plot_top + plot_height - height - 3, 1),
                }
            )
        groups.append({"text": row["label"], "x": round(40 + group_index * group_width + group_width / 2, 1)})
    axis_y = plot_top + plot_height
    # Upright labels (one <text> each) under many groups: 4.5 units a character at font size 7.
    labels = 4.5 * max((len(row["label"]) for row in rows), default=0) + 6 if upright else 22
    return {
        "type": "grouped",
        "width": WIDTH,
        "height": axis_y + labels + 40,
        "axis_y": axis_y,
        "label_y": axis_y + 14,
        "upright": upright,
        "bars": bars,
        "groups": groups,
        "legend": _legend(names, colours, axis_y + labels + 2),
    }


def stacked_shares(section: dict, rows_from: int = 0, rows_to: int | None = None) -> dict:
    """One figure of the rows from `rows_from` to `rows_to` (all of them by default)."""
    series = section["chart"]["series"]
    names = [section["columns"][1 + index] for index in series]
    agreement = len(series) == len(AGREEMENT_COLOURS) and section["key"].startswith("figur-4")
    palette = AGREEMENT_COLOURS if agreement else CATEGORY_COLOURS
    colours = [palette[index % len(palette)] for index in range(len(series))]
    many = len(section["rows"]) > MANY
    bar_height, gap = (11.0, 4.0) if many else (18.0, 8.0)
    plot_width = WIDTH - LABEL_WIDTH - 10
    rows = []
    for row_index, row in enumerate(section["rows"][rows_from:rows_to]):
        y = row_index * (bar_height + gap)
        x = float(LABEL_WIDTH)
        segments, hidden = [], False
        for position, index in enumerate(series):
            cell = row["cells"][index]
            if cell["suppressed"]:
                hidden = True
                continue
            share = cell["value"] or 0
            width = plot_width * share / 100
            if width > 0:
                segments.append(
                    {
                        "x": round(x, 1),
                        "width": round(width, 1),
                        "colour": colours[position],
                        "text": format_cell(cell) if width >= 30 and not many else "",
                        "text_x": round(x + width / 2, 1),
                        "dark": colours[position] in ("#bfbfbf", "#8cc1f2", "#f0a35e"),
                    }
                )
            x += width
        rows.append(
            {
                "label": row["label"],
                "y": round(y, 1),
                "text_y": round(y + bar_height - (2.5 if many else 5), 1),
                "segments": segments,
                "hidden_text": SUPPRESSED if hidden else "",
                "hidden_x": round(x + 4, 1),
                "total": row["total"],
            }
        )
    body = len(rows) * (bar_height + gap)
    return {
        "type": "shares",
        "width": WIDTH,
        "height": body + 50,
        "bar_height": bar_height,
        "label_size": 8 if many else 10,
        "rows": rows,
        "legend": _legend(names, colours, body + 6),
    }


def charts_for(section: dict) -> list[dict]:
    """The section's figure, as one SVG or (stacked shares of many rows) several in a row."""
    chart = section.get("chart")
    if not chart:
        return []
    if chart["type"] == "grouped":
        return [grouped_bars(section)]
    count = len(section["rows"])
    if count <= MANY:
        return [stacked_shares(section)]
    return [stacked_shares(section, start, start + ROWS_PER_FIGURE) for start in range(0, count, ROWS_PER_FIGURE)]
