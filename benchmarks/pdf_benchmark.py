"""Benchmark of the PDF path on a SYNTHETIC 200-page answer (scripts/fixture_pdfs.py; never published).

Prints pages per second for the whole PDF path (read_pdf: a first look at every page with
pypdfium2, then text, tables, provenance and the document parser) and, in the same run, two
baselines with bare pdfplumber (find_tables() + extract() + extract_words()): on the pages the
path hands to pdfplumber (the fair ratio: target, the whole path costs at most 1.3x), and on every
page (what the first look saves); and the peak memory of reading the 200-page PDF in a fresh
process (target under 150 MB).

    python benchmarks/pdf_benchmark.py [--pages 200]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import fixture_pdfs as fx  # noqa: E402


def long_document(pages: int) -> list:
    """An answer of about `pages` pages: running text, and a ruled table on every other page."""
    items = fx.preamble(900, "4 maart 2024", "JAN MAES", "MATTHIAS DIEPENDAELE", fx.MINISTER_TITLE,
                        "[synthetisch] Lange bijlage - cijfers per gemeente", ["1. Graag de cijfers per gemeente."])
    items.append(fx.Text("1. Hieronder volgen de cijfers per gemeente, onderdeel per onderdeel."))
    for part in range(pages):
        items.append(fx.PageBreak())
        if part % 2:
            items.append(fx.Text(f"Onderdeel {part}: de cijfers staan in de volgende tabel."))
            rows = [["Gemeente", "Aanvragen", "Bedrag"]] + [
                [f"Gemeente {part}-{i}", f"{(part * 31 + i * 7) % 900 + 10}", f"€ {(part + i) * 13}.{i:03d},00"]
                for i in range(1, 26)]
            items.append(fx.Grid(widths=[170, 90, 130], rows=rows))
        else:
            for i in range(40):
                items.append(fx.Text(f"Toelichting {part}.{i}: de aanvragen werden behandeld volgens de "
                                     "gebruikelijke procedure."))
    return items


def bare(path: Path, numbers: list[int] | None = None) -> tuple[float, int]:
    """pdfplumber's tables and words on the given pages (1-based), or on every page."""
    import pdfplumber

    started = time.perf_counter()
    tables = 0
    with pdfplumber.open(str(path)) as pdf:
        for page in (pdf.pages[n - 1] for n in numbers) if numbers is not None else pdf.pages:
            for table in page.find_tables():
                table.extract()
                tables += 1
            page.extract_words()
            page.close()
    return time.perf_counter() - started, tables


def ours(path: Path) -> tuple[float, int]:
    from vragen.read.pdf import read_pdf

    started = time.perf_counter()
    document = read_pdf(path)
    return time.perf_counter() - started, len(document.tables)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--memory-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_only:  # the child process that measures peak memory
        ours(args.memory_only)
        return
    work = Path(tempfile.mkdtemp(prefix="vragen-pdf-bench-"))
    path = work / "long.pdf"
    fx.render(long_document(args.pages - 1), "Vlaams Parlement - Schriftelijke vraag 900 [synthetisch]", path)
    import pypdfium2

    count = len(pypdfium2.PdfDocument(str(path)))
    print(f"synthetic PDF: {count} pages, {path.stat().st_size / 1e6:.1f} MB ({path})")
    ours(path)  # warm the imports and caches once, for both
    from vragen.read.pdf import pages_for_pdfplumber

    handed = pages_for_pdfplumber(path)
    same_seconds, same_tables = bare(path, handed)
    every_seconds, every_tables = bare(path)
    our_seconds, our_tables = ours(path)
    ratio = our_seconds / same_seconds
    print(f"bare pdfplumber on the {len(handed)} pages the path hands it: {count / same_seconds:.1f} pages/s of the "
          f"document ({same_tables} tables)")
    print(f"bare pdfplumber on every page:            {count / every_seconds:.1f} pages/s ({every_tables} tables)")
    print(f"whole vragen PDF path:                    {count / our_seconds:.1f} pages/s ({our_tables} tables, "
          f"stitched across pages)")
    print(f"cost ratio whole path / bare on the same pages: {ratio:.2f} (target <= 1.3): "
          f"{'OK' if ratio <= 1.3 else 'MISSED'}; against bare on every page: {our_seconds / every_seconds:.2f}")
    subprocess.run([sys.executable, __file__, "--memory-only", str(path)], check=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory reading the {count}-page PDF in a fresh process: {peak:.0f} MiB (target < 150 MB = "
          f"{150e6 / 2**20:.0f} MiB): {'OK' if peak * 2**20 < 150e6 else 'MISSED'}")


if __name__ == "__main__":
    main()
