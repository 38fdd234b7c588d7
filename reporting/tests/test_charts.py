"""The report's figures: a national report's figure (a bar or a row per municipality) is drawn
lighter than a single municipality's, and still names every municipality."""

from django.template.loader import render_to_string

from reporting.charts import MANY, ROWS_PER_FIGURE, charts_for


def _cell(value, *, fmt="int", suppressed=False):
    return {"value": value, "format": fmt, "suppressed": suppressed}


def _section(kind: str, municipalities: int) -> dict:
    columns = ["Kommune", "2023", "2024", "I alt"] if kind == "grouped" else ["Kommune", "Enig", "Uenig", "N"]
    rows = [
        {
            "label": f"Kommune {number:02d}",
            "total": False,
            "cells": [_cell(10 + number), _cell(3, suppressed=number % 7 == 0), _cell(60)]
            if kind == "grouped"
            else [_cell(70, fmt="pct"), _cell(30, fmt="pct"), _cell(20)],
        }
        for number in range(1, municipalities + 1)
    ]
    return {"key": "figur-3-1", "columns": columns, "rows": rows, "chart": {"type": kind, "series": [0, 1]}}


def _svg(figures, section) -> str:
    return "".join(
        render_to_string("reporting/partials/chart.html", {"figure": figure, "section": section}) for figure in figures
    )


def test_grouped_bars_of_a_few_municipalities_show_each_bar_s_number():
    section = _section("grouped", 3)
    svg = _svg(charts_for(section), section)
    assert ">11<" in svg and ">Kommune 01<" in svg
    assert svg.count("<text") == 3 * 2 + 3 + 2  # a number per bar, a name per group, the legend


def test_grouped_bars_of_many_municipalities_leave_the_numbers_to_the_table():
    section = _section("grouped", 98)
    figures = charts_for(section)
    svg = _svg(figures, section)
    assert len(figures) == 1
    assert all(f">Kommune {number:02d}<" in svg for number in range(1, 99))
    assert svg.count("<text") == 98 + 2  # one upright name per municipality and the legend
    assert svg.count("rotate(-90)") == 98


def test_stacked_shares_of_many_municipalities_follow_each_other_in_figures_that_fit_a_page():
    section = _section("shares", 98)
    figures = charts_for(section)
    svg = _svg(figures, section)
    assert len(figures) == -(-98 // ROWS_PER_FIGURE)
    assert all(f">Kommune {number:02d}<" in svg for number in range(1, 99))
    assert ">70 %<" not in svg  # the shares are in the table below
    # 640 units are the 174 mm of the page's width: each figure fits in its 255 mm of height.
    assert all(figure["height"] * 174 / 640 < 230 for figure in figures)


def test_stacked_shares_of_a_few_municipalities_are_one_figure_with_the_shares():
    section = _section("shares", MANY)
    figures = charts_for(section)
    assert len(figures) == 1
    assert ">70 %<" in _svg(figures, section)


def test_grouped_bars_of_many_municipalities_draw_every_bar_inside_its_group():
    section = _section("grouped", 98)
    (figure,) = charts_for(section)
    drawn = [bar for bar in figure["bars"] if bar["height"]]
    assert len(drawn) == 98 * 2 - 14  # every value but the hidden ones (every 7th municipality's 2nd)
    assert all(bar["width"] > 0 for bar in figure["bars"])
    group_width = (640 - 40) / 98
    for index, group in enumerate(figure["groups"]):
        for bar in figure["bars"][2 * index : 2 * index + 2]:
            assert group["x"] - group_width / 2 <= bar["x"] and bar["x"] + bar["width"] <= group["x"] + group_width / 2
