"""Charts of a published table, drawn on the server: no script, no network, readable without JS.

A table gets one chart per unit (a table that mixes counts and percentages gets both), lines where
its columns are points in time (years, months, quarters, "M3 M6 M9"), bars otherwise. Every chart
has a title, its unit on the value axis, a source line and a text description for screen readers;
a missing value is a gap, never a zero. The chart is laid out once as shapes, then written as SVG
(inline and downloadable, scaled by its viewBox) or drawn as PNG with Pillow.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from html import escape

from ..read.texttables import TOTAL_RE
from .tables import UNIT_NAMES

COLOURS = ["#1f5f8b", "#b3541e", "#2e7d4f", "#9c2f5a", "#5b4a9e", "#7a6512", "#3b6e6e", "#8a3b12"]
WIDTH = 720
MAX_ROWS, MAX_BARS, MAX_LINES = 30, 6, 8
_MONTHS = ("jan", "feb", "maa", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
TIME_TITLE = re.compile(r"^((19|20)\d\d([-/](19|20)?\d\d)?|[QK][1-4]( (19|20)\d\d)?|M\d{1,2}|\d{1,2} maanden|"
                        r"(" + "|".join(_MONTHS) + r")[a-z]*( (19|20)\d\d)?)$", re.IGNORECASE)


@dataclass
class Series:
    name: str
    values: list[float | None]
    printed: list[str]


@dataclass
class Chart:
    title: str
    unit: str  # as the portal names it: aantal, procent, euro
    kind: str  # "line" or "bar"
    categories: list[str]  # the x axis of a line chart; the rows of a bar chart
    series: list[Series]
    source: str

    @property
    def description(self) -> str:
        """What the chart shows, in words, for a screen reader."""
        kind = "Lijndiagram" if self.kind == "line" else "Staafdiagram"
        parts = []
        for s in self.series:
            shown = [f"{c} {p or 'geen waarde'}" for c, p in zip(self.categories, s.printed)]
            parts.append(f"{s.name}: {', '.join(shown)}")
        return f"{kind}, {self.title}, in {self.unit}. " + "; ".join(parts) + "."


@dataclass
class Shape:
    kind: str  # rect, line, text, path
    attrs: dict = field(default_factory=dict)
    text: str = ""
    tip: str = ""  # a tooltip (SVG <title>)


def charts(grid: dict, title: str, source: str) -> list[Chart]:
    """The charts a table's printed grid makes: none where a chart would mislead (totals only,
    too many rows or columns, one value)."""
    columns = [i for i, t in enumerate(grid["column_titles"]) if not TOTAL_RE.match(str(t))]
    rows = [r for r in grid["rows"] if not r["total"] and not any(TOTAL_RE.match(l["text"]) for l in r["full_labels"])]
    units = sorted({r["values"][i]["unit"] for r in rows for i in columns
                    if r["values"][i]["value"] is not None and r["values"][i]["unit"]})
    made = []
    for unit in units:
        # A row or column is in the chart of its unit even where a value is missing: it shows as a gap.
        mine = [r for r in rows if any(r["values"][i]["unit"] == unit for i in columns)]
        cols = [i for i in columns if any(r["values"][i]["unit"] == unit for r in mine)]
        if not mine or not cols or len(mine) > MAX_ROWS or len(mine) * len(cols) < 2:
            continue
        names = [_row_name(r, rows) for r in mine]
        unit_name = UNIT_NAMES.get(unit, unit)
        heading = title if len(units) == 1 else f"{title} ({unit_name})"
        titles = [str(grid["column_titles"][i]) for i in cols]

        def cell(r, i):
            v = r["values"][i]
            return (v["value"], v["printed"]) if v["unit"] == unit and v["value"] is not None else (None, v["printed"]
                                                                                                 if v["unit"] == unit else "")

        if len(cols) >= 3 and all(TIME_TITLE.match(t) for t in titles) and len(mine) <= MAX_LINES:
            series = [Series(n, [cell(r, i)[0] for i in cols], [cell(r, i)[1] for i in cols]) for n, r in zip(names, mine)]
            made.append(Chart(heading, unit_name, "line", titles, series, source))
        elif len(cols) <= MAX_BARS:
            series = [Series(t, [cell(r, i)[0] for r in mine], [cell(r, i)[1] for r in mine]) for t, i in zip(titles, cols)]
            made.append(Chart(heading, unit_name, "bar", names, series, source))
    return made


def _row_name(row: dict, rows: list[dict]) -> str:
    """A row's labels, leaving out a label column that is the same in every row."""
    width = len(row["full_labels"])
    varying = [j for j in range(width) if len({r["full_labels"][j]["text"] for r in rows}) > 1] or list(range(width))
    return " · ".join(row["full_labels"][j]["text"] for j in varying if row["full_labels"][j]["text"])


# --- layout --------------------------------------------------------------------------------------


def nice_ticks(top: float, low: float = 0.0) -> list[float]:
    """Four to six round numbers from `low` (at most 0) to at least `top`."""
    span = max(top - low, 1e-9)
    raw = span / 5
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 2.5, 5, 10) if raw <= step * m)
    start = math.floor(low / step) * step
    ticks, value = [], start
    while value < top + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def dutch(value: float) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def layout(chart: Chart) -> tuple[int, list[Shape]]:
    """The chart as shapes on a WIDTH-wide canvas, and the canvas's height."""
    return _line_layout(chart) if chart.kind == "line" else _bar_layout(chart)


def _frame(chart: Chart, height: int) -> list[Shape]:
    return [Shape("rect", {"x": 0, "y": 0, "width": WIDTH, "height": height, "fill": "#ffffff"}),
            Shape("text", {"x": 10, "y": 20, "font-size": 15, "font-weight": "bold", "fill": "#000000"},
                  _clip(chart.title, 80)),
            Shape("text", {"x": 10, "y": height - 8, "font-size": 11, "fill": "#333333"}, _clip(chart.source, 110))]


def _legend(chart: Chart, y: int) -> list[Shape]:
    shapes, x = [], 10
    for k, s in enumerate(chart.series):
        label = _clip(s.name, 40)
        width = 24 + 7 * len(label)
        if x + width > WIDTH - 10:
            x, y = 10, y + 18
        shapes += [Shape("rect", {"x": x, "y": y - 10, "width": 12, "height": 12, "fill": COLOURS[k % len(COLOURS)]}),
                   Shape("text", {"x": x + 16, "y": y, "font-size": 12, "fill": "#000000"}, label)]
        x += width
    return shapes


def _bar_layout(chart: Chart) -> tuple[int, list[Shape]]:
    bar, gap, label_width, top = 14, 10, 230, 36
    values = [v for s in chart.series for v in s.values if v is not None]
    ticks = nice_ticks(max(values + [0]), min(values + [0]))
    plot_left, plot_width = label_width, WIDTH - label_width - 70
    scale = plot_width / (ticks[-1] - ticks[0])
    zero = plot_left + (0 - ticks[0]) * scale
    rows_height = len(chart.categories) * (len(chart.series) * bar + gap)
    legend_rows = 0 if len(chart.series) == 1 else 1 + (sum(24 + 7 * len(_clip(s.name, 40)) for s in chart.series)
                                                        // (WIDTH - 20))
    height = top + rows_height + 44 + 18 * legend_rows + 24
    shapes = _frame(chart, height)
    axis_y = top + rows_height
    for tick in ticks:
        x = plot_left + (tick - ticks[0]) * scale
        shapes += [Shape("line", {"x1": x, "y1": top - 4, "x2": x, "y2": axis_y, "stroke": "#dddddd"}),
                   Shape("text", {"x": x, "y": axis_y + 14, "font-size": 11, "text-anchor": "middle",
                                  "fill": "#333333"}, dutch(tick))]
    shapes.append(Shape("text", {"x": plot_left + plot_width / 2, "y": axis_y + 30, "font-size": 12,
                                 "text-anchor": "middle", "fill": "#000000"}, chart.unit))
    y = top
    for r, category in enumerate(chart.categories):
        shapes.append(Shape("text", {"x": label_width - 8, "y": y + len(chart.series) * bar / 2 + 4, "font-size": 12,
                                     "text-anchor": "end", "fill": "#000000"}, _clip(category, 34)))
        for k, s in enumerate(chart.series):
            value, printed = s.values[r], s.printed[r]
            if value is None:  # a gap, said in words
                shapes.append(Shape("text", {"x": zero + 4, "y": y + bar - 4, "font-size": 11, "fill": "#555555"},
                                    "geen waarde"))
            else:
                x0, x1 = sorted((zero, zero + value * scale))
                shapes.append(Shape("rect", {"x": x0, "y": y, "width": max(x1 - x0, 0.5), "height": bar - 2,
                                             "fill": COLOURS[k % len(COLOURS)]}, tip=f"{category}, {s.name}: {printed}"))
                shapes.append(Shape("text", {"x": x1 + 4, "y": y + bar - 4, "font-size": 11, "fill": "#000000"}, printed))
            y += bar
        y += gap
    shapes.append(Shape("line", {"x1": zero, "y1": top - 4, "x2": zero, "y2": axis_y, "stroke": "#000000"}))
    if len(chart.series) > 1:
        shapes += _legend(chart, axis_y + 52)
    return height, shapes


def _line_layout(chart: Chart) -> tuple[int, list[Shape]]:
    left, top, plot_width, plot_height = 70, 36, WIDTH - 70 - 30, 240
    values = [v for s in chart.series for v in s.values if v is not None]
    ticks = nice_ticks(max(values + [0]), min(values + [0]))
    scale = plot_height / (ticks[-1] - ticks[0])
    step = plot_width / max(len(chart.categories) - 1, 1)
    legend_rows = 1 + (sum(24 + 7 * len(_clip(s.name, 40)) for s in chart.series) // (WIDTH - 20))
    height = top + plot_height + 40 + 18 * legend_rows + 24
    shapes = _frame(chart, height)
    bottom = top + plot_height
    for tick in ticks:
        y = bottom - (tick - ticks[0]) * scale
        shapes += [Shape("line", {"x1": left, "y1": y, "x2": left + plot_width, "y2": y, "stroke": "#dddddd"}),
                   Shape("text", {"x": left - 6, "y": y + 4, "font-size": 11, "text-anchor": "end", "fill": "#333333"},
                         dutch(tick))]
    shapes.append(Shape("text", {"x": 14, "y": top + plot_height / 2, "font-size": 12, "text-anchor": "middle",
                                 "fill": "#000000", "transform": f"rotate(-90 14 {top + plot_height / 2})"}, chart.unit))
    for c, category in enumerate(chart.categories):
        shapes.append(Shape("text", {"x": left + c * step, "y": bottom + 16, "font-size": 11, "text-anchor": "middle",
                                     "fill": "#333333"}, _clip(category, 12)))
    shapes.append(Shape("line", {"x1": left, "y1": bottom, "x2": left + plot_width, "y2": bottom, "stroke": "#000000"}))
    for k, s in enumerate(chart.series):
        colour = COLOURS[k % len(COLOURS)]
        points = [(left + c * step, bottom - (v - ticks[0]) * scale) if v is not None else None
                  for c, v in enumerate(s.values)]
        segment: list[tuple[float, float]] = []
        for point in points + [None]:  # a missing value ends a segment: the line has a gap there
            if point is None:
                if len(segment) > 1:
                    shapes.append(Shape("path", {"d": "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in segment),
                                                 "stroke": colour, "stroke-width": 2, "fill": "none"}))
                segment = []
            else:
                segment.append(point)
        for c, point in enumerate(points):
            if point:
                shapes.append(Shape("rect", {"x": point[0] - 3, "y": point[1] - 3, "width": 6, "height": 6,
                                             "fill": colour}, tip=f"{s.name}, {chart.categories[c]}: {s.printed[c]}"))
    shapes += _legend(chart, bottom + 40)
    return height, shapes


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


# --- writing ---------------------------------------------------------------------------------------


def svg(chart: Chart, ident: str = "grafiek") -> str:
    height, shapes = layout(chart)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
             f'class="vragen-chart" aria-labelledby="{ident}-titel {ident}-uitleg" font-family="sans-serif">'
             f'<title id="{ident}-titel">{escape(chart.title)}</title><desc id="{ident}-uitleg">'
             f'{escape(chart.description)}</desc>']
    for shape in shapes:
        attrs = " ".join(f'{k}="{escape(str(_round(v)))}"' for k, v in shape.attrs.items())
        inner = escape(shape.text) + (f"<title>{escape(shape.tip)}</title>" if shape.tip else "")
        parts.append(f"<{shape.kind} {attrs}>{inner}</{shape.kind}>" if inner else f"<{shape.kind} {attrs}/>")
    parts.append("</svg>")
    return "".join(parts)


def _round(value):
    return round(value, 1) if isinstance(value, float) else value


def png(chart: Chart, scale: int = 2) -> bytes:
    """The same shapes drawn with Pillow, at twice the size for sharp text."""
    from PIL import Image, ImageDraw, ImageFont

    height, shapes = layout(chart)
    image = Image.new("RGB", (WIDTH * scale, height * scale), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[tuple, ImageFont.ImageFont] = {}
    for shape in shapes:
        a = shape.attrs
        if shape.kind == "rect":
            draw.rectangle([a["x"] * scale, a["y"] * scale, (a["x"] + a["width"]) * scale,
                            (a["y"] + a["height"]) * scale], fill=a["fill"])
        elif shape.kind == "line":
            draw.line([a["x1"] * scale, a["y1"] * scale, a["x2"] * scale, a["y2"] * scale], fill=a["stroke"],
                      width=scale)
        elif shape.kind == "path":
            points = [tuple(float(n) * scale for n in p.split(",")) for p in a["d"][1:].split(" L")]
            draw.line(points, fill=a["stroke"], width=2 * scale, joint="curve")
        elif shape.kind == "text":
            size = int(a.get("font-size", 12)) * scale
            font = fonts.setdefault((size,), ImageFont.load_default(size=size))
            anchor = {"middle": "ms", "end": "rs"}.get(a.get("text-anchor"), "ls")
            if a.get("transform"):  # the rotated unit label of a line chart
                box = draw.textbbox((0, 0), shape.text, font=font)
                label = Image.new("RGBA", (box[2] + 4, box[3] + 4), (255, 255, 255, 0))
                ImageDraw.Draw(label).text((2, 2), shape.text, font=font, fill=a["fill"])
                label = label.rotate(90, expand=True)
                image.paste(label, (int(a["x"] * scale - label.width / 2), int(a["y"] * scale - label.height / 2)),
                            label)
            else:
                draw.text((a["x"] * scale, a["y"] * scale), shape.text, font=font, fill=a["fill"], anchor=anchor)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
