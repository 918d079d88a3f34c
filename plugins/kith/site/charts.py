"""Geometry of the activity charts: where each bar, tick and label goes in an SVG's coordinates.

The templates (`kith/charts.html`) draw them; nothing here writes markup.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from ..core.activity import MonthCount, TopicCount
from ..core.slugs import slugify

CHART_WIDTH = 480.0


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    title: str  # what a tooltip and a screen reader say, e.g. "March 2026: 4 conversations"
    link: tuple[str, str, str] | None = None  # (page kind, key, #fragment) the bar leads to
    hit: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # x, y, width, height a pointer can hover
    label: str = ""  # a row chart's label, written above its bar
    label_y: float = 0.0


@dataclass(frozen=True)
class AxisLabel:
    x: float
    y: float
    text: str
    second_line: str = ""  # e.g. the year under a month


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass
class BarChart:
    width: float
    height: float
    bars: list[Bar]
    total: int
    left: float = 0.0  # the plot area
    right: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    x_labels: tuple[AxisLabel, ...] = ()
    ticks: tuple[Tick, ...] = ()


def nice_ticks(maximum: int, most: int = 4) -> list[int]:
    """0, then steps of 1, 2 or 5 times a power of ten, up to at least `maximum`, at most `most` steps."""
    if maximum <= 0:
        return [0, 1]
    magnitude = 10 ** int(math.floor(math.log10(maximum)))
    step = magnitude
    for factor in (1, 2, 5, 10):
        step = factor * magnitude
        if math.ceil(maximum / step) <= most:
            break
    step = max(step, 1)
    top = step * math.ceil(maximum / step)
    return list(range(0, top + 1, step))


def month_columns(counts: list[MonthCount], noun: str, *, height: float = 200.0, compact: bool = False,
                  link_months: bool = False) -> BarChart:
    """A column per month, oldest on the left; months labelled every quarter (every half-year if compact)."""
    width = CHART_WIDTH
    left, right = (8.0 if compact else 34.0), width - 8.0
    top, bottom = 14.0, height - (22.0 if compact else 36.0)
    values = [c.count for c in counts]
    ticks = nice_ticks(max(values, default=0), most=2 if compact else 4)
    scale_top = ticks[-1]
    slot = (right - left) / max(len(counts), 1)
    bar_width = round(slot * 0.72, 1)
    bars = []
    labels = []
    every = 6 if compact else 3
    for index, item in enumerate(counts):
        bar_height = round((bottom - top) * item.count / scale_top, 1)
        x = round(left + index * slot + (slot - bar_width) / 2, 1)
        plural = noun if item.count == 1 else f"{noun}s"
        month_name = f"{item.month:%B %Y}"
        link = ("notes", "", slugify(month_name)) if link_months and item.count else None
        hit = (round(left + index * slot, 1), top, round(slot, 1), bottom - top)
        bars.append(Bar(x, round(bottom - bar_height, 1), bar_width, bar_height, item.count,
                        f"{month_name}: {item.count} {plural}", link, hit))
        if (item.month.month - 1) % every == 0:
            first_label = not labels
            year = f"{item.month:%Y}" if (item.month.month == 1 or first_label) and not compact else ""
            text = f"{item.month:%b}" if not compact else f"{item.month:%b %Y}"
            labels.append(AxisLabel(round(x + bar_width / 2, 1), bottom + 14.0, text, year))
    tick_marks = tuple(Tick(round(bottom - (bottom - top) * value / scale_top, 1), value) for value in ticks)
    if compact:
        tick_marks = tick_marks[-1:]
    return BarChart(width, height, bars, sum(values), left, right, top, bottom, tuple(labels), tick_marks)


def topic_rows(topics: list[TopicCount], *, row: float = 34.0,
               title: Callable[[str], str] = str) -> BarChart:
    """A bar per topic, busiest first, each with its name written above it."""
    width = CHART_WIDTH
    left, right = 4.0, width - 40.0  # room for the count after the longest bar
    top = 4.0
    biggest = max((t.count for t in topics), default=1)
    bars = []
    for index, topic in enumerate(topics):
        y = top + index * row
        length = round(max((right - left) * topic.count / biggest, 2.0), 1)
        plural = "conversation" if topic.count == 1 else "conversations"
        bars.append(Bar(left, round(y + 17.0, 1), length, 12.0, topic.count,
                        f"{title(topic.key)}: {topic.count} {plural}", ("topic", topic.key, ""),
                        (0.0, round(y, 1), width, row), label=title(topic.key), label_y=round(y + 13.0, 1)))
    height = round(top + len(topics) * row + 4.0, 1)
    return BarChart(width, height, bars, sum(t.count for t in topics), left, right, top, height)


def month_span(counts: list[MonthCount]) -> tuple[str, str]:
    """The first and last month of a chart, as readers write them: `December 2024`."""
    if not counts:
        return ("", "")
    return (f"{counts[0].month:%B %Y}", f"{counts[-1].month:%B %Y}")
