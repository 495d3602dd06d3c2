"""Chart geometry for the reports, drawn as SVG by templates (templates/reports/includes/*_chart.html).

Why server-rendered SVG and not a chart library: the admin pages must work under a strict Content Security Policy
(scripts only from 'self' with the request's nonce), print as they look, and read without JavaScript; a chart is a
few rectangles and labels whose sizes are computed here from figures already aggregated in SQL, so there is no data
to ship to the browser and no dependency to keep up to date. The SVG uses presentation attributes (fill, width),
not inline styles, so a CSP without 'unsafe-inline' styles allows it too. Every chart is `aria-hidden` decoration
beside a data table holding the same figures, which screen readers and printouts use.
"""

from dataclasses import dataclass, field


@dataclass
class Bar:
    label: str
    value: float
    text: str
    y: int = 0
    width: float = 0.0


@dataclass
class BarChart:
    """Horizontal bars, one per row; `maximum` fixes the scale (100 for percentages) or the largest value is used."""

    bars: list[Bar] = field(default_factory=list)
    row_height: int = 26
    label_width: int = 190
    bar_area: int = 300
    width: int = 560
    height: int = 0


def bar_chart(rows: list[tuple[str, float, str]], maximum: float | None = None) -> BarChart:
    """`rows` are (label, value, text shown at the bar's end)."""
    chart = BarChart()
    top = maximum if maximum is not None else max((value for _label, value, _text in rows), default=0)
    for index, (label, value, text) in enumerate(rows):
        share = min(value / top, 1.0) if top and value > 0 else 0.0
        chart.bars.append(Bar(label=_clip(label), value=value, text=text, y=index * chart.row_height,
                              width=round(share * chart.bar_area, 1)))
    chart.height = max(len(rows), 1) * chart.row_height
    return chart


@dataclass
class Column:
    label: str
    values: tuple
    x: int = 0
    heights: tuple = ()


@dataclass
class ColumnChart:
    """Grouped vertical columns (one group per month, one column per series)."""

    columns: list[Column] = field(default_factory=list)
    series: tuple = ()
    plot_height: int = 160
    group_width: int = 44
    column_width: int = 16
    width: int = 0
    height: int = 200
    top: int = 0


def column_chart(groups: list[tuple[str, tuple]], series: tuple) -> ColumnChart:
    """`groups` are (label, (value per series, ...)); the tallest value fills the plot."""
    chart = ColumnChart(series=series)
    chart.top = max((max(values) for _label, values in groups if values), default=0)
    for index, (label, values) in enumerate(groups):
        heights = tuple(round(value / chart.top * chart.plot_height, 1) if chart.top else 0 for value in values)
        chart.columns.append(Column(label=label, values=values, x=index * chart.group_width, heights=heights))
    chart.width = max(len(groups), 1) * chart.group_width
    return chart


def _clip(label: str, length: int = 13) -> str:
    label = str(label)
    return label if len(label) <= length else label[: length - 1] + "…"
