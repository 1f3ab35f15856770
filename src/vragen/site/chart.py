"""A bar chart as inline SVG, drawn on the server: no script, no network, readable without JS."""

from __future__ import annotations

from html import escape

from ..read.texttables import TOTAL_RE

COLOURS = ["#276890", "#e07b39", "#5a9e6f", "#b0506c", "#7c6bb0", "#c9a227"]


def bar_chart(grid: dict, max_rows: int = 30) -> str | None:
    """Horizontal bars, one group per printed row, one bar per column; None where a chart would
    mislead (mixed units, totals only, too many rows)."""
    columns = [i for i, title in enumerate(grid["column_titles"]) if not TOTAL_RE.match(str(title))]
    rows = [r for r in grid["rows"] if not r["total"] and not any(TOTAL_RE.match(l["text"]) for l in r["labels"])]
    if not rows or not columns or len(rows) > max_rows or len(columns) > len(COLOURS):
        return None
    units = {r["values"][i]["unit"] for r in rows for i in columns if r["values"][i]["value"] is not None}
    if len(units) != 1:
        return None
    values = [r["values"][i]["value"] or 0 for r in rows for i in columns]
    top = max(values) if values and max(values) > 0 else 1
    bar, gap, label_width, width = 14, 8, 220, 720
    plot = width - label_width - 80
    height = len(rows) * (len(columns) * bar + gap) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" class="vragen-chart"><title>Staafdiagram</title>']
    y = 10
    for row in rows:
        label = " · ".join(l["text"] for l in row["labels"] if l["text"])
        parts.append(f'<text x="{label_width - 8}" y="{y + len(columns) * bar / 2 + 4}" text-anchor="end" '
                     f'font-size="12">{escape(label[:40])}</text>')
        for k, i in enumerate(columns):
            cell = row["values"][i]
            length = max(0.0, (cell["value"] or 0) / top * plot)
            parts.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar - 2}" '
                         f'fill="{COLOURS[k]}"><title>{escape(grid["column_titles"][i])}: '
                         f'{escape(cell["printed"])}</title></rect>')
            parts.append(f'<text x="{label_width + length + 4:.1f}" y="{y + bar - 4}" font-size="11">'
                         f'{escape(cell["printed"])}</text>')
            y += bar
        y += gap
    legend_x = label_width
    for k, i in enumerate(columns):
        parts.append(f'<rect x="{legend_x}" y="{y + 6}" width="10" height="10" fill="{COLOURS[k]}"/>'
                     f'<text x="{legend_x + 14}" y="{y + 15}" font-size="12">{escape(grid["column_titles"][i])}</text>')
        legend_x += 14 + 8 * len(grid["column_titles"][i]) + 20
    parts.append("</svg>")
    return "".join(parts)
