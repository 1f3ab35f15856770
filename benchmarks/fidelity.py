"""Extraction fidelity on the development corpus (`../shared/corpus/`), which this project's authors
did not write: 18 invented answers with ground truth for every numeric cell and the corpus's own
scorer (`score.py`).

    python benchmarks/fidelity.py [--corpus DIR] [--modes dumps,pdfs,both,docx,attachments] [--json]

It builds the corpus three ways (text dumps only, PDFs only, both; plus the .docx renderings where
the reader exists) and prints per document and in total:

- recall: numeric cells found with their row and column labels (the corpus `score.py`);
- precision: values published in tables that are not among the document's true cells, and tables
  published for answers that have none;
- misplaced: values published under labels that no true cell with that value has (a right number
  in the wrong row or column, which the precision cannot see and score.py's recall can credit);
- where every number of the answer's text went: into a table, into the prose figures, or reported
  as not extracted (`table.not-extracted`);
- seconds per answer.

Nothing it builds is published; everything goes to a temporary folder. It is a measurement, not a
gate: `tests/test_realistic.py` holds floors on answers in the corpus's shapes.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
MODES = ("dumps", "pdfs", "both", "docx", "attachments")


@dataclass
class DocScore:
    document: str
    expected: int
    found: int
    extra_values: int = 0  # published table values that are no true cell of the document
    table_values: int = 0
    misplaced: int = 0  # published table values under labels that no true cell with that value has
    tables: int = 0
    not_extracted: int = 0
    prose: int = 0


@dataclass
class ModeResult:
    mode: str
    docs: list[DocScore] = field(default_factory=list)
    seconds: float = 0.0
    answers: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        expected = sum(d.expected for d in self.docs)
        return sum(d.found for d in self.docs) / expected if expected else 0.0

    @property
    def precision(self) -> float:
        values = sum(d.table_values for d in self.docs)
        return 1 - sum(d.extra_values for d in self.docs) / values if values else 1.0


def stage(corpus: Path, mode: str, target: Path) -> bool:
    """The inputs of one mode in `target`; False when the corpus has none for it."""
    target.mkdir(parents=True)
    sources = corpus / "sources"
    if mode == "docx":
        files = sorted((corpus / "docx").glob("*.docx")) if (corpus / "docx").is_dir() else []
    elif mode == "attachments":  # the Excel attachments, each beside its answer's PDF
        xlsx = sorted((corpus / "attachments").glob("*.xlsx")) if (corpus / "attachments").is_dir() else []
        files = xlsx + [sources / f"{p.name.split('-')[0]}.pdf" for p in xlsx]
    else:
        files = [p for p in sorted(sources.iterdir())
                 if (mode in ("dumps", "both") and p.suffix == ".txt") or (mode in ("pdfs", "both") and p.suffix == ".pdf")]
    for path in files:
        shutil.copy(path, target / path.name)
    return bool(files)


def score(corpus: Path, out: Path, truth: Path) -> dict[str, tuple[int, int]]:
    """Per truth document: (expected, found), from the corpus's own scorer."""
    result = subprocess.run([sys.executable, str(corpus / "score.py"), str(out), "--truth", str(truth)],
                            capture_output=True, text=True, check=True)
    per_doc = {}
    for line in result.stdout.splitlines():
        match = re.match(r"^(\d{3}_[0-9a-f]+)\s+\d+\s+\S+\s+\d+\s+(\d+)\s+(\d+)\s", line)
        if match:
            per_doc[match.group(1)] = (int(match.group(2)), int(match.group(3)))
    return per_doc


def _truth_values(truth: dict) -> list[float]:
    values = []
    for table in truth["tables"]:
        for cell in table["cells"]:
            values.append(float(cell["value"]))
            if cell.get("percent"):
                values.append(float(cell["value"]) / 100)
    return values


def _norm(text) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    return re.sub(r"[^0-9a-z]+", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def _misplaced(db, answer: str, truth: dict) -> int:
    """Published values that stand under the wrong labels: no true cell has that value with all its
    row labels among the published row's labels and all its column labels among those or the
    column's title (compared as score.py does, letters and digits only, as substrings). A value
    put in the wrong row or column counts here, where the precision above cannot see it."""
    true_cells = []
    for table in truth["tables"]:
        for cell in table["cells"]:
            values = [float(cell["value"])] + ([float(cell["value"]) / 100] if cell.get("percent") else [])
            true_cells.append((values, [_norm(x) for x in cell["row"]], [_norm(x) for x in cell["col"]]))
    titles = {(t, n): f"{title or ''} {n}" for t, n, title in db.execute(
        "select f.table_id, f.name, f.title from fields f join tables t on t.id = f.table_id where t.answer_id = ?",
        (answer,))}
    wrong = 0
    for table_id, measure, value, labels in db.execute(
            "select table_id, measure, value, labels from cells where answer_id = ? and value is not null", (answer,)):
        row = [_norm(label) for label in json.loads(labels).values()]
        column = row + [_norm(titles.get((table_id, measure), measure))]
        if not any(any(abs(float(value) - v) <= 1e-6 * max(1, abs(v)) for v in values)
                   and all(any(label in text for text in row) for label in row_labels)
                   and all(any(label in text for text in column) for label in col_labels)
                   for values, row_labels, col_labels in true_cells):
            wrong += 1
    return wrong


def precision_and_bins(out: Path, truth_dir: Path) -> dict[str, dict]:
    """Per truth document: published table values that match no true value, tables published,
    prose figures and numbers reported as not extracted."""
    import sqlite3

    db = sqlite3.connect(out / "vragen.db")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    answer_of = {label: entry.get("answer") for label, entry in index.items()}
    not_extracted: dict[str, int] = {}
    for finding in report.get("findings", []):
        answer = finding.get("answer") or answer_of.get(finding.get("file"))
        if finding.get("code") == "table.not-extracted" and answer:
            count = len(re.findall(r"'[^']*'", finding["message"].split(" on a ")[0]))
            not_extracted[answer] = not_extracted.get(answer, 0) + max(count, 1)
    out_stats = {}
    for path in sorted(truth_dir.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        answer = f"{truth['session']}-{truth['question_number']}"
        true_values = _truth_values(truth)
        values = [v for (v,) in db.execute("select value from cells where answer_id = ? and value is not null",
                                           (answer,))]
        extra = sum(1 for v in values if not any(abs(float(v) - t) <= 1e-6 * max(1, abs(t)) for t in true_values))
        tables = db.execute("select count(*) from tables where answer_id = ?", (answer,)).fetchone()[0]
        prose = db.execute("select count(*) from figures where answer_id = ?", (answer,)).fetchone()[0]
        out_stats[path.stem] = {"extra": extra, "values": len(values), "tables": tables, "prose": prose,
                                "misplaced": _misplaced(db, answer, truth),
                                "not_extracted": not_extracted.get(answer, 0)}
    return out_stats


def run_mode(corpus: Path, mode: str, work: Path) -> ModeResult | None:
    from vragen.build import build

    sources = work / f"sources-{mode}"
    if not stage(corpus, mode, sources):
        return None
    out = work / f"out-{mode}"
    started = time.perf_counter()
    report = build(sources=sources, out=out, metadata=work / "no-metadata", collection=None, workers=2)
    seconds = time.perf_counter() - started
    result = ModeResult(mode, seconds=seconds, answers=len(report.answers), failed=list(report.failed))
    truth = corpus / "truth"
    if mode == "docx":  # only the documents delivered as .docx are scored
        truth = work / "truth-docx"
        truth.mkdir(exist_ok=True)
        ids = {p.stem for p in (corpus / "docx").glob("*.docx")}
        for path in (corpus / "truth").glob("*.json"):
            if json.loads(path.read_text(encoding="utf-8"))["pdf_id"] in ids:
                shutil.copy(path, truth / path.name)
    if mode == "attachments":  # scored against the attachments' own tables
        truth = work / "truth-attachments"
        truth.mkdir(exist_ok=True)
        for path in (corpus / "truth").glob("*.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("attachment_tables"):
                data["tables"] = data["attachment_tables"]
                (truth / path.name).write_text(json.dumps(data), encoding="utf-8")
    if not (out / "vragen.db").exists():
        return result
    found = score(corpus, out, truth)
    stats = precision_and_bins(out, truth)
    for document, (expected, hits) in sorted(found.items()):
        s = stats.get(document, {})
        result.docs.append(DocScore(document, expected, hits, s.get("extra", 0), s.get("values", 0),
                                    s.get("misplaced", 0), s.get("tables", 0), s.get("not_extracted", 0),
                                    s.get("prose", 0)))
    return result


def print_results(results: list[ModeResult], corpus: Path) -> None:
    truths = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (corpus / "truth").glob("*.json")}
    for result in results:
        print(f"\n== {result.mode}: {result.answers} answers built in {result.seconds:.1f} s "
              f"({result.seconds / max(result.answers, 1):.2f} s/answer); failed: {result.failed or 'none'}")
        print(f"{'document':<24} {'extractor':<17} {'cells':>5} {'found':>5} {'recall':>6} {'tables':>6} "
              f"{'values':>6} {'extra':>5} {'wrong':>5} {'prose':>5} {'not-ext':>7}")
        for d in result.docs:
            truth = truths.get(d.document, {})
            recall = f"{d.found / d.expected:.3f}" if d.expected else "n/a"
            flag = "  <- tables in an answer without any" if not d.expected and d.tables else ""
            print(f"{d.document:<24} {truth.get('extractor', ''):<17} {d.expected:>5} {d.found:>5} {recall:>6} "
                  f"{d.tables:>6} {d.table_values:>6} {d.extra_values:>5} {d.misplaced:>5} {d.prose:>5} "
                  f"{d.not_extracted:>7}{flag}")
        false_tables = sum(d.tables for d in result.docs if not d.expected)
        print(f"{result.mode}: recall {result.recall:.3f} ({sum(d.found for d in result.docs)}/"
              f"{sum(d.expected for d in result.docs)}), precision {result.precision:.3f} "
              f"({sum(d.extra_values for d in result.docs)} of {sum(d.table_values for d in result.docs)} table values "
              f"not in the truth; {sum(d.misplaced for d in result.docs)} under labels no true cell with that value "
              f"has), tables in answers without any: {false_tables}, numbers reported not extracted: "
              f"{sum(d.not_extracted for d in result.docs)}, prose figures: {sum(d.prose for d in result.docs)}")
    print("\nsummary: " + "; ".join(f"{r.mode} recall {r.recall:.3f} precision {r.precision:.3f}" for r in results))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--json", action="store_true", help="the figures as JSON on stdout")
    args = parser.parse_args(argv)
    if not (args.corpus / "score.py").is_file():
        print(f"error: no corpus at {args.corpus} (expected score.py there); pass --corpus DIR", file=sys.stderr)
        return 2
    results = []
    with tempfile.TemporaryDirectory(prefix="vragen-fidelity-") as tmp:
        for mode in args.modes.split(","):
            result = run_mode(args.corpus, mode, Path(tmp))
            if result is not None:
                results.append(result)
    if args.json:
        print(json.dumps([{"mode": r.mode, "recall": r.recall, "precision": r.precision, "seconds": r.seconds,
                           "documents": [d.__dict__ for d in r.docs]} for r in results], indent=2))
    else:
        print_results(results, args.corpus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
