"""Page crops for provenance a visitor can see: for a table read from a PDF, the band of each page
the table stands on, rendered at build time as a small greyscale PNG in the answer's package
(`pagina/<table>-p<N>.png`). The portal draws each value's box over it, so that a visitor sees the
printed number the published value came from.

The crop spans the page's width (labels stand left of the values) and the table's height, from the
first value's box to the last, with a margin for the header above. Its place on the page is kept
(`vragen:crops` in the resource's provenance) so that boxes in PDF points map onto the image.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from .model import TidyTable

CROPS = "pagina"
RESOLUTION = 110  # dots per inch: small files, numbers still readable
MARGIN_ABOVE, MARGIN_BELOW = 60.0, 12.0  # points: the header above the first value row
MAX_PAGES = 20  # a table over more pages is shown by its first 20


@dataclass
class Crop:
    page: int
    path: str  # inside the package
    bbox: tuple[float, float, float, float]  # on the page, in PDF points: x0, top, x1, bottom
    size: tuple[int, int]  # pixels

    def as_dict(self) -> dict:
        return {"page": self.page, "path": self.path, "bbox": [round(v, 1) for v in self.bbox],
                "size": list(self.size)}


def page_bands(table: TidyTable) -> dict[int, tuple[float, float]]:
    """Per page, the vertical extent of the table's value boxes."""
    bands: dict[int, tuple[float, float]] = {}
    for cell in table.cells:
        if cell.page and cell.bbox:
            top, bottom = cell.bbox[1], cell.bbox[3]
            low, high = bands.get(cell.page, (top, bottom))
            bands[cell.page] = (min(low, top), max(high, bottom))
    return dict(sorted(bands.items())[:MAX_PAGES])


def write_crops(pdf_path: Path, tables: list[TidyTable], directory: Path) -> dict[str, list[Crop]]:
    """Render the crops of every table that has value boxes; {table name: crops}. A PDF that cannot
    be rendered gives no crops (the values still link to their page)."""
    import pdfplumber

    wanted = {t.name: page_bands(t) for t in tables}
    if not any(wanted.values()):
        return {}
    made: dict[str, list[Crop]] = {}
    with pdfplumber.open(pdf_path) as pdf:
        for name, bands in wanted.items():
            for number, (top, bottom) in bands.items():
                if not 1 <= number <= len(pdf.pages):
                    continue
                page = pdf.pages[number - 1]
                box = (0.0, max(0.0, top - MARGIN_ABOVE), float(page.width), min(float(page.height), bottom + MARGIN_BELOW))
                image = page.crop(box).to_image(resolution=RESOLUTION, antialias=True).original.convert("L")
                relative = f"{CROPS}/{name}-p{number}.png"
                target = directory / relative
                target.parent.mkdir(exist_ok=True)
                buffer = io.BytesIO()
                image.save(buffer, format="PNG", optimize=True)
                target.write_bytes(buffer.getvalue())
                made.setdefault(name, []).append(Crop(number, relative, box, image.size))
    return made
