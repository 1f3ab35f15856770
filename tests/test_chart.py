"""Charts that explain: a chart per unit, lines for points in time, bars for categories, gaps for
missing values, a title, unit, source and a description in words; SVG scaled by its viewBox and
the same chart as PNG. Synthetic grids (made here) and the seed's tables."""

from __future__ import annotations

import io
import re

import pytest

from test_site import make_app
from vragen.site.chart import Chart, Series, charts, dutch, nice_ticks, png, svg


def grid(columns: list[str], rows: list[tuple], unit: str = "count") -> dict:
    """A printed grid as the portal's wide_table makes it: rows of (label, [values]), None for a gap."""
    body = []
    for label, values, *row_unit in rows:
        cells = [{"value": v, "printed": "" if v is None else dutch(v), "unit": (row_unit or [unit])[0]}
                 for v in values]
        body.append({"labels": [{"text": label}], "full_labels": [{"text": label}], "values": cells,
                     "total": label == "Totaal"})
    return {"column_titles": columns, "rows": body}


def test_years_make_a_line_chart_and_a_missing_year_is_a_gap():
    made = charts(grid(["2019", "2020", "2021", "2022", "Totaal"],
                       [("Antwerpen", [5, 7, None, 9, 21]), ("Limburg", [1, 2, 3, 4, 10]), ("Totaal", [6, 9, 3, 13, 31])]),
                  "Aantal per jaar", "Bron: test")
    assert len(made) == 1 and made[0].kind == "line"
    assert made[0].categories == ["2019", "2020", "2021", "2022"]  # the totals column is no point in time
    assert [s.name for s in made[0].series] == ["Antwerpen", "Limburg"]  # nor the totals row a line
    drawn = svg(made[0])
    paths = re.findall(r'<path d="([^"]+)" stroke="(#[0-9a-f]+)"', drawn)
    antwerpen = [d for d, colour in paths if colour == paths[0][1]]
    assert len(antwerpen) == 1 and antwerpen[0].count("L") == 1  # 2019-2020 drawn; 2021 missing; 2022 alone
    assert "Antwerpen: 2019 5, 2020 7, 2021 geen waarde, 2022 9" in made[0].description


def test_categories_make_bars_with_title_unit_axis_source_and_description():
    made = charts(grid(["Trajecten"], [("Gatam", [45]), ("Core", [None]), ("FMDO", [73])]), "Per perceel",
                  "Bron: minister X")
    assert [c.kind for c in made] == ["bar"]
    drawn = svg(made[0], "g1")
    assert re.match(r'<svg [^>]*viewBox="0 0 720 \d+"', drawn) and " width=" not in drawn.split(">")[0]
    assert '<title id="g1-titel">Per perceel</title>' in drawn and 'aria-labelledby="g1-titel g1-uitleg"' in drawn
    assert ">aantal</text>" in drawn and ">Bron: minister X</text>" in drawn
    assert ">geen waarde</text>" in drawn  # the gap is said, not drawn as a zero bar
    assert drawn.count("<rect x=") - 1 == 2  # a bar for each value there is (and the background)
    assert "Gatam 45, Core geen waarde, FMDO 73" in made[0].description


def test_a_table_that_mixes_units_gets_a_chart_per_unit():
    rows = [("HOA aantal", [10, 20, 30], "count"), ("HOA %", [37.3, 42.5, 48.0], "percent"),
            ("LOA aantal", [5, 6, 7], "count"), ("LOA %", [40.0, 45.0, None], "percent")]
    made = charts(grid(["M3", "M6", "M9"], rows), "Doorstroming", "Bron")
    assert [(c.unit, c.kind) for c in made] == [("aantal", "line"), ("procent", "line")]
    assert [s.name for s in made[1].series] == ["HOA %", "LOA %"]
    assert all(v is None or v < 100 for s in made[1].series for v in s.values)


def test_no_chart_where_it_would_mislead():
    assert charts(grid(["Totaal"], [("Totaal", [5])]), "t", "s") == []  # totals only
    assert charts(grid(["A"], [("x", [1])]), "t", "s") == []  # one value
    assert charts(grid(["A"], [(f"r{i}", [i]) for i in range(40)]), "t", "s") == []  # too many rows


def test_png_is_the_same_chart_drawn():
    from PIL import Image

    chart = Chart("Titel", "aantal", "bar", ["a", "b"], [Series("x", [1, 2], ["1", "2"])], "Bron")
    image = Image.open(io.BytesIO(png(chart)))
    height = int(re.search(r'viewBox="0 0 720 (\d+)"', svg(chart)).group(1))
    assert image.size == (1440, 2 * height)
    assert image.convert("L").getextrema()[0] < 100  # something dark is drawn on the white


def test_ticks_are_round_and_cover_the_values():
    assert nice_ticks(73) == [0, 20, 40, 60, 80]
    assert nice_ticks(0.9)[-1] >= 0.9 and nice_ticks(5, -3)[0] <= -3
    assert dutch(551504.58) == "551.504,58" and dutch(40.0) == "40"


@pytest.fixture(scope="module")
def app(built):
    return make_app(built)


async def test_the_seeds_outflow_table_gets_a_percentage_chart_and_downloads(app):
    page = (await app.client.get("/tabel/2023-2024-418/doorstroming-naar-werk")).text
    assert page.count('class="vragen-chart"') == 2 and "(procent)</title>" in page
    for form, kind in (("svg", "image/svg+xml"), ("png", "image/png")):
        response = await app.client.get(f"/tabel/2023-2024-418/doorstroming-naar-werk/grafiek-2.{form}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind)
    assert (await app.client.get("/tabel/2023-2024-418/doorstroming-naar-werk/grafiek-3.svg")).status_code == 404
